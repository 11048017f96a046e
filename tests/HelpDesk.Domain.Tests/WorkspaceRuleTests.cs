using HelpDesk.Domain.Common;
using HelpDesk.Domain.Feedback;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Domain.Tests;

public class WorkspaceRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    public void Files_are_recognised_by_their_first_bytes(byte[] header, string type) => Assert.Equal(type, FileTypes.Detect(header));

    [Fact]
    public void An_image_and_a_pdf_are_accepted_under_their_real_type_whatever_their_name()
    {
        Assert.Equal("image/png", Attachment.Accept("photo.jpg", 2048, Png, Now).ContentType);
        Assert.Equal("application/pdf", Attachment.Accept(@"C:\Users\张三\发票.pdf", 2048, Pdf, Now).ContentType);
        Assert.Equal("发票.pdf", Attachment.Accept(@"C:\Users\张三\发票.pdf", 2048, Pdf, Now).FileName);
        Assert.Equal("passwd", Attachment.Accept("../../etc/passwd", 10, Pdf, Now).FileName);
    }

    [Theory]
    [InlineData("photo\u202Egpj.exe", "photogpj.exe")]
    [InlineData("报告\0.pdf", "报告.pdf")]
    [InlineData("<b>bold</b>.pdf", "b_.pdf")]
    [InlineData("<img src=x onerror=alert(1)>.pdf", "_img src=x onerror=alert(1)_.pdf")]
    [InlineData("a\r\nb.png", "ab.png")]
    [InlineData("con:\"x\"|?*.pdf", "con__x____.pdf")]
    [InlineData("\u202E", "file")]
    [InlineData("...", "file")]
    public void A_file_name_keeps_no_control_direction_or_markup_characters(string given, string shown) =>
        Assert.Equal(shown, Attachment.Accept(given, 2048, Png, Now).FileName);

    [Fact]
    public void A_disguised_an_empty_and_an_oversized_file_are_refused_by_name()
    {
        var disguised = Assert.Throws<DomainException>(() => Attachment.Accept("invoice.pdf", 30, "<script>alert(1)</script>"u8, Now));
        Assert.Equal("attachment.type", disguised.Key);
        Assert.Equal("invoice.pdf", disguised.Arguments[0]);
        Assert.Equal("attachment.empty", Assert.Throws<DomainException>(() => Attachment.Accept("a.png", 0, Png, Now)).Key);
        Assert.Equal("attachment.too_large", Assert.Throws<DomainException>(() => Attachment.Accept("a.png", Attachment.MaxBytes + 1, Png, Now)).Key);
        Assert.Equal("a.png", Attachment.Accept("a.png", Attachment.MaxBytes, Png, Now).FileName);
    }

    [Fact]
    public void Round_robin_gives_the_ticket_to_whoever_waited_longest_among_those_on_duty_with_room()
    {
        var a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
        var b = Guid.Parse("00000000-0000-0000-0000-00000000000b");
        var c = Guid.Parse("00000000-0000-0000-0000-00000000000c");
        var d = Guid.Parse("00000000-0000-0000-0000-00000000000d");

        Assert.Equal(c, RoundRobin.Pick([
            new(a, OnDuty: false, 0, 10, null),          // off duty
            new(b, OnDuty: true, 10, 10, null),          // full
            new(c, OnDuty: true, 5, 10, Now.AddHours(-2)),
            new(d, OnDuty: true, 1, 10, Now.AddHours(-1)),
        ]));
        Assert.Equal(d, RoundRobin.Pick([new(c, true, 5, 10, Now), new(d, true, 1, 10, null)]));
        Assert.Equal(c, RoundRobin.Pick([new(d, true, 3, 10, Now), new(c, true, 2, 10, Now)]));
        Assert.Null(RoundRobin.Pick([new(a, false, 0, 10, null), new(b, true, 10, 10, null)]));
    }

    [Fact]
    public void A_canned_answer_fills_known_placeholders_in_both_spellings_and_leaves_the_rest_visible()
    {
        var values = new Dictionary<CannedAnswer.Placeholder, string?>
        {
            [CannedAnswer.Placeholder.CustomerName] = "张三",
            [CannedAnswer.Placeholder.OrderNumber] = "JD2611200001",
            [CannedAnswer.Placeholder.TrackingNumber] = null,
        };

        var text = CannedAnswer.Render("{客户姓名}您好，订单 {order_number} 运单 {运单号}，{未知}。Dear {customer_name}", values);

        Assert.Equal("张三您好，订单 JD2611200001 运单 {运单号}，{未知}。Dear 张三", text);
    }

    [Fact]
    public void A_department_answers_a_forwarded_request_once()
    {
        var request = new DepartmentRequest(1, 2, "请核实物流", Staff, Now);
        Assert.Equal("department_request.summary.required", Assert.Throws<DomainException>(() => new DepartmentRequest(1, 2, " ", Staff, Now)).Key);

        request.Respond("今天下午发出", Staff, Now.AddHours(1));

        Assert.Equal(DepartmentRequestStatus.Answered, request.Status);
        Assert.Equal("department_request.already_answered", Assert.Throws<DomainException>(() => request.Respond("again", Staff, Now)).Key);
    }
}
