using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Tickets;

namespace HelpDesk.Web.Data.Seed;

/// <summary>
/// The demo's answer optimisation (话术优化): two intents with a second variant each and synthetic outcomes, so the
/// supervisor's page has something to rank. Uses are attached to demo replies and dated 8–27 days ago (settled); the
/// outcomes follow fixed rates: logistics A 30 % bad over 45 uses, B 8 % over 40 (B wins); refund A 14 % over 36, B only
/// 12 uses ("not enough data").
/// </summary>
public static class DemoAnswers
{
    private static readonly (string Intent, string Title, string Body, int Uses, int Bad)[] Variants =
    [
        ("查询物流进度", "查询物流进度", string.Empty, 45, 14),
        ("查询物流进度", "查询物流进度（承运商+承诺）", "{客户姓名}您好，您的包裹由{承运商}承运，运单号 {运单号}，预计 {预计送达} 送达。我已为您登记跟进，{承诺时间} 前会再告诉您最新进展。", 40, 3),
        ("退款到账时间", "退款到账时间", string.Empty, 36, 5),
        ("退款到账时间", "退款到账时间（金额+时限）", "{客户姓名}您好，{退款金额} 已提交退款，将在 1-3 个工作日内原路退回。到账后您会收到银行通知，如 3 个工作日后仍未到账请直接回复本消息。", 12, 1),
    ];

    public static async Task SeedAsync(HelpDeskDbContext db, IReadOnlyList<Ticket> tickets, DateTimeOffset now)
    {
        var answers = db.CannedAnswers.Local.ToList();
        var replies = tickets.SelectMany(t => t.Messages.Where(m => m.Kind == MessageKind.PublicReply && m.AuthorStaffId is not null).Take(1).Select(m => (Ticket: t, Reply: m))).ToList();
        var next = 0;
        foreach (var (intentName, title, body, uses, bad) in Variants)
        {
            var first = answers.First(a => a.Title == intentName);
            var variant = answers.FirstOrDefault(a => a.Title == title);
            if (variant is null)
            {
                var intent = db.AnswerIntents.Local.First(i => i.Id == first.IntentId);
                variant = new CannedAnswer(title, body, first.Category, intent);
                db.CannedAnswers.Add(variant);
                await db.SaveChangesAsync();
            }

            for (var k = 0; k < uses && next < replies.Count; k++, next++)
            {
                var (ticket, reply) = replies[next];
                var at = now.AddDays(-(8 + (next % 20))).AddHours(-(next % 9));
                var use = new AnswerUse(variant, ticket, reply, reply.AuthorStaffId!.Value, k % 5 * 0.06, at);
                use.Resolved(at.AddHours(4 + (k % 7 * 3)));
                if (k < bad)
                {
                    switch (k % 3)
                    {
                        case 0: use.CustomerWrote(at.AddHours(6)); break;
                        case 1: use.Reopened(at.AddDays(2)); break;
                        default: use.Complained(at.AddDays(1)); break;
                    }
                }

                db.AnswerUses.Add(use);
            }
        }
    }
}
