using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tests;

/// <summary>Who does things in the domain tests.</summary>
public static class TestActors
{
    public static readonly Actor Staff = Actor.Staff(new Guid("6a3f8d0e-0000-4000-8000-000000000001"), "测试客服");
}
