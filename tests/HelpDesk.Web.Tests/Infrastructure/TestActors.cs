using HelpDesk.Domain.Common;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>Who does what when a test changes the domain directly (not through a slice).</summary>
public static class TestActors
{
    public static readonly Actor Staff = Actor.Staff(new Guid("6a3f8d0e-0000-4000-8000-000000000002"), "测试客服");
}
