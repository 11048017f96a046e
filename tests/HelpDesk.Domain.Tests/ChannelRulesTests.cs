using System.Text;
using HelpDesk.Domain.Channels;

namespace HelpDesk.Domain.Tests;

public sealed class ThreadSignerTests
{
    private readonly ThreadSigner _signer = new(Encoding.UTF8.GetBytes("a key of thirty-two bytes for te"));

    [Fact]
    public void Its_own_message_ids_and_reply_addresses_name_their_ticket()
    {
        var id = _signer.MessageId(100_042, "r17", "helpdesk.local");
        var address = _signer.ReplyAddress(100_042, "service@helpdesk.local");

        Assert.Equal(100_042, _signer.TicketOfMessageId(id));
        Assert.Equal(100_042, _signer.TicketOfMessageId("<" + id + ">"));
        Assert.Equal(100_042, _signer.TicketOfAddress(address));
        Assert.StartsWith("service+hd-100042-", address, StringComparison.Ordinal);
        Assert.EndsWith("@helpdesk.local", address, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_or_altered_id_names_no_ticket()
    {
        var id = _signer.MessageId(100_042, "r17", "helpdesk.local");
        var address = _signer.ReplyAddress(100_042, "service@helpdesk.local");
        var other = new ThreadSigner(Encoding.UTF8.GetBytes("another key of sixteen+ bytes"));

        Assert.Null(_signer.TicketOfMessageId(id.Replace("100042", "100043", StringComparison.Ordinal)));
        Assert.Null(_signer.TicketOfMessageId(id.Replace(".r17.", ".r18.", StringComparison.Ordinal)));
        Assert.Null(_signer.TicketOfAddress(address.Replace("100042", "100043", StringComparison.Ordinal)));
        Assert.Null(other.TicketOfMessageId(id));
        Assert.Null(_signer.TicketOfMessageId("hd.100042.r17.0000000000000000000a@helpdesk.local"));
        Assert.Null(_signer.TicketOfMessageId("CAF1234@mail.gmail.com"));
        Assert.Null(_signer.TicketOfAddress("service@helpdesk.local"));
        Assert.Null(_signer.TicketOfMessageId(null));
    }
}

public sealed class QuotedHistoryTests
{
    [Theory]
    [InlineData("好的，谢谢。\n\n在 2026年12月1日 10:00，客服 <service@shop.cn> 写道：\n> 您好", "好的，谢谢。")]
    [InlineData("Thanks!\n\nOn Tue, Dec 1, 2026 at 10:00 AM Service <service@shop.cn> wrote:\n> Hello", "Thanks!")]
    [InlineData("收到\n\n------------------ 原始邮件 ------------------\n发件人: \"客服\"<service@shop.cn>\n内容", "收到")]
    [InlineData("OK\n-----Original Message-----\nFrom: Service", "OK")]
    [InlineData("见附件\n\n发件人: 客服中心 <service@shop.cn>\n发送时间: 2026年12月1日", "见附件")]
    [InlineData("第一行\n> 引用一\n>\n> 引用二\n", "第一行")]
    public void The_quoted_history_under_a_reply_is_folded(string text, string fresh)
    {
        var (kept, quoted) = QuotedHistory.Split(text);

        Assert.Equal(fresh, kept);
        Assert.NotEmpty(quoted);
    }

    [Theory]
    [InlineData("我想问 > 号是什么意思\n还有一行")]
    [InlineData("> 全部是引用\n> 没有新内容")]
    [InlineData("普通的一封信。\n第二行。")]
    public void Nothing_the_customer_wrote_is_hidden(string text)
    {
        var (kept, quoted) = QuotedHistory.Split(text);

        Assert.Equal(text.Trim(), kept);
        Assert.Empty(quoted);
    }
}

public sealed class ReplyChannelTests
{
    [Fact]
    public void A_public_reply_goes_out_on_the_channel_the_customer_last_wrote_from()
    {
        var now = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
        var ticket = Tickets.Ticket.Open("退款", Tickets.TicketCategory.AfterSales, Tickets.TicketPriority.Normal, Tickets.Channel.Social, 1, "张三", "在吗", now);
        var first = ticket.Reply(Guid.NewGuid(), "客服", "您好", now.AddMinutes(1));
        ticket.AddCustomerMessage("张三", Tickets.Channel.Email, "我发邮件给你们了", now.AddMinutes(2));
        var second = ticket.Reply(Guid.NewGuid(), "客服", "收到邮件", now.AddMinutes(3));

        Assert.Equal(Tickets.Channel.Social, first.Channel);
        Assert.Equal(Tickets.Channel.Email, second.Channel);
        Assert.Equal(Tickets.Channel.Social, ticket.Channel);
    }
}
