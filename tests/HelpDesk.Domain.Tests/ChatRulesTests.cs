using System.Text;
using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Teams;

namespace HelpDesk.Domain.Tests;

public sealed class ChatRulesTests
{
    private const string Secret = "the shop's shared secret, 32 b..";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly ChatTokens _tokens = new(Encoding.UTF8.GetBytes("a chat key of sixteen+ bytes"));

    [Fact]
    public void A_token_names_its_id_only_for_its_own_kind_and_key()
    {
        var id = Guid.NewGuid();
        var visitor = _tokens.Issue(ChatTokens.VisitorKind, id);

        Assert.Equal(id, _tokens.Read(ChatTokens.VisitorKind, visitor));
        Assert.Null(_tokens.Read(ChatTokens.SessionKind, visitor));
        Assert.Null(new ChatTokens(Encoding.UTF8.GetBytes("another key of sixteen bytes")).Read(ChatTokens.VisitorKind, visitor));
        Assert.Null(_tokens.Read(ChatTokens.VisitorKind, visitor.Replace(id.ToString("N")[..4], "0000", StringComparison.Ordinal)));
        Assert.Null(_tokens.Read(ChatTokens.VisitorKind, visitor[..^1] + (visitor[^1] == 'a' ? 'b' : 'a')));
        Assert.Null(_tokens.Read(ChatTokens.VisitorKind, "v1." + id.ToString("N") + "."));
        Assert.Null(_tokens.Read(ChatTokens.VisitorKind, null));
    }

    [Fact]
    public void A_shop_identity_is_believed_only_when_signed_with_the_secret_and_fresh()
    {
        var at = Now.AddMinutes(-10).ToUnixTimeSeconds();
        var good = new ShopIdentity("u-42", "li@shop.cn", "李雷", at, ShopIdentity.Sign(Secret, "u-42", "li@shop.cn", "李雷", at));

        Assert.True(good.IsValid(Secret, Now, TimeSpan.FromHours(1)));
        Assert.False(good.IsValid("another secret of 16+ characters", Now, TimeSpan.FromHours(1)));
        Assert.False((good with { Email = "han@shop.cn" }).IsValid(Secret, Now, TimeSpan.FromHours(1)));
        Assert.False((good with { UserId = "u-43" }).IsValid(Secret, Now, TimeSpan.FromHours(1)));
        Assert.False(good.IsValid(Secret, Now, TimeSpan.FromMinutes(9)));
        Assert.False((good with { Signature = "00" }).IsValid(Secret, Now, TimeSpan.FromHours(1)));
        Assert.False(good.IsValid(string.Empty, Now, TimeSpan.FromHours(1)));
        var future = Now.AddMinutes(6).ToUnixTimeSeconds();
        Assert.False(new ShopIdentity("u-42", null, null, future, ShopIdentity.Sign(Secret, "u-42", null, null, future)).IsValid(Secret, Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_chat_goes_to_the_free_agent_who_waited_longest_and_never_past_capacity()
    {
        var a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
        var b = Guid.Parse("00000000-0000-0000-0000-00000000000b");

        Assert.Equal(b, RoundRobin.Pick([new(a, true, 2, 2, null), new(b, true, 1, 2, Now)]));
        Assert.Null(RoundRobin.Pick([new(a, true, 2, 2, null), new(b, false, 0, 2, null)]));
        Assert.Equal(a, RoundRobin.Pick([new(a, true, 0, 2, Now.AddMinutes(-5)), new(b, true, 0, 2, Now)]));
    }
}
