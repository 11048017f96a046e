using System.Text.RegularExpressions;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HelpDesk.Web.Tests;

/// <summary>Whole journeys in Chromium, as the people who use the desk make them.</summary>
public sealed partial class WorkdayBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// An agent's morning: five unassigned tickets, by keyboard only. Per ticket: <c>r</c> and <c>/结束</c> + Enter
    /// (a canned answer), Ctrl+Shift+Enter (send, set "waiting for the customer", open the next ticket of the view).
    /// No false conflict, and every ticket is taken by the agent who answered it.
    /// </summary>
    [Fact]
    public async Task An_agent_works_five_unassigned_tickets_by_keyboard_in_three_actions_each()
    {
        var (page, errors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await page.GotoAsync("/agent/tickets?view=unassigned");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("Enter");

        var handled = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/agent/tickets/hd-\\d+\\?view=unassigned$"));
            var number = (await page.Locator("#ticket").GetAttributeAsync("data-number"))!;
            Assert.DoesNotContain(number, handled);
            handled.Add(number);

            await page.Keyboard.PressAsync("r");
            await page.Keyboard.TypeAsync("/结束");
            await Assertions.Expect(page.Locator("#canned-popup [role=option]").First).ToContainTextAsync("结束语");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#Reply_Body")).ToHaveValueAsync(new Regex("^感谢您的耐心等待"));
            await page.Keyboard.PressAsync("Control+Shift+Enter");

            await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync(number);
            await Assertions.Expect(page.Locator("#errors")).ToBeHiddenAsync();
        }

        await BrowserFixture.ScreenshotAsync(page, "morning-next-ticket");
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => u.Id).SingleAsync();
        var numbers = handled.Select(n => Ticket.TryParseNumber(n, out var x) ? x : 0).ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => numbers.Contains(t.Number)).Select(t => new { t.AssigneeId, t.Status }).ToListAsync();
        Assert.Equal(5, tickets.Count);
        Assert.All(tickets, t => Assert.Equal(agent, t.AssigneeId));
        Assert.All(tickets, t => Assert.Equal(TicketStatus.PendingCustomer, t.Status));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("zh-CN", "工单")]
    [InlineData("en", "Ticket")]
    public async Task The_ticket_page_is_three_panes_at_1280_px_with_picture_thumbnails_that_open_in_a_viewer(string locale, string ticketTab)
    {
        var number = await TicketWithPictureAsync();
        var (page, errors) = await browser.NewPageAsync(locale, new ViewportSize { Width = 1280, Height = 800 });
        await BrowserFixture.SignInAsync(page, DemoSeeder.AgentEmail);
        await page.GotoAsync($"/agent/tickets/{number.ToLowerInvariant()}?view=mine");

        var queue = await page.Locator("#queue-pane").BoundingBoxAsync();
        var conversation = await page.Locator("#conversation").BoundingBoxAsync();
        var context = await page.Locator("#context-tabs").BoundingBoxAsync();
        Assert.True(queue!.X + queue.Width <= conversation!.X && conversation.X + conversation.Width <= context!.X, "queue | conversation | context, side by side");
        await Assertions.Expect(page.Locator("#tab-ticket")).ToHaveTextAsync(ticketTab);
        await Assertions.Expect(page.Locator("#current-order")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("#queue-pane [aria-current=page]")).ToContainTextAsync(number);
        await Assertions.Expect(page.Locator("#send-reply")).ToBeInViewportAsync();
        await BrowserFixture.ScreenshotAsync(page, $"workspace-{locale}");

        await page.Locator("#conversation .thumb").Last.ClickAsync();
        await Assertions.Expect(page.Locator("#image-viewer")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#image-viewer-title")).ToHaveTextAsync("破损照片.png");
        Assert.True(await page.Locator("#image-viewer-img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"), "the picture loads in the viewer");
        Assert.Empty(errors);
    }

    /// <summary>One of the agent's open tickets with an order, with a customer photo (a real 1×1 PNG) on its latest message.</summary>
    private async Task<string> TicketWithPictureAsync()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var agent = await db.Users.Where(u => u.Email == DemoSeeder.AgentEmail).Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var number = Ticket.FormatNumber(await db.Tickets.Where(t => t.AssigneeId == agent.Id && t.OrderId != null && t.Status == TicketStatus.Open)
            .OrderBy(t => t.Id).Select(t => t.Number).FirstAsync());
        await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new Features.Agent.Tickets.Reply.Command(
            new Viewer(agent.Id, false, agent.DisplayName), number, "顾客发来的破损照片。", Internal: true, [new Features.Shared.Upload("破损照片.png", png)]));
        return number;
    }

    [Fact]
    public async Task An_admin_adds_an_agent_who_chooses_a_password_from_the_e_mailed_link_and_signs_in()
    {
        var (admin, adminErrors) = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, DemoSeeder.AdminEmail);
        await admin.GotoAsync("/admin/people");
        await admin.FillAsync("#Input_DisplayName", "新同事小周");
        await admin.FillAsync("#Input_Email", "xiaozhou@demo.local");
        await admin.CheckAsync("#role-Agent");
        await admin.Locator("input[name='Input.TeamIds']").First.CheckAsync();
        await admin.ClickAsync("#create-person");
        await Assertions.Expect(admin.Locator("#flash")).ToBeVisibleAsync();

        await using var scope = browser.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var mail = await db.OutboxMessages.AsNoTracking().Where(o => o.ToAddress == "xiaozhou@demo.local").OrderByDescending(o => o.Id).Select(o => o.Body).FirstAsync();
        var link = new Uri(mail.Split('\n').Single(l => l.Contains("/account/password?", StringComparison.Ordinal)).Trim()).PathAndQuery;
        var (newcomer, newcomerErrors) = await browser.NewPageAsync();
        await newcomer.GotoAsync(link);
        await newcomer.FillAsync("#NewPassword", "Xiaozhou-Pass-2026");
        await newcomer.FillAsync("#Repeat", "Xiaozhou-Pass-2026");
        await newcomer.ClickAsync("#set-password");
        await Assertions.Expect(newcomer.Locator("#password-done")).ToBeVisibleAsync();
        await newcomer.ClickAsync("#to-login");
        await BrowserFixture.SignInAsync(newcomer, "xiaozhou@demo.local", "Xiaozhou-Pass-2026");

        await Assertions.Expect(newcomer).ToHaveURLAsync(new Regex("/agent/tickets$"));
        await Assertions.Expect(newcomer.Locator("#nav-user")).ToHaveTextAsync("新同事小周");
        Assert.Empty(adminErrors);
        Assert.Empty(newcomerErrors);
    }

    [Fact]
    public async Task A_customer_who_gave_only_a_phone_number_gets_the_link_back_with_a_code_by_sms()
    {
        var phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        string number;
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
            var customer = new Customer("电话顾客", CustomerTier.Regular, DateTimeOffset.UtcNow);
            customer.AddContact(ContactKind.Phone, phone);
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            var ticket = Ticket.Open("电话里说包裹丢了", TicketCategory.Logistics, TicketPriority.Normal, Channel.Phone, customer.Id, customer.Name, "包裹一直没到", DateTimeOffset.UtcNow);
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            number = ticket.DisplayNumber;
        }

        var (page, errors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        await page.GotoAsync("/t");
        await page.FillAsync("#Input_Number", number);
        await page.FillAsync("#Input_Contact", phone);
        await page.ClickAsync("#find-submit");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/t/code/"));
        await using (var scope = browser.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new Features.Sms.DeliverSms.Command());
        }

        var sms = File.ReadAllText(Directory.GetFiles(browser.Factory.SmsDirectory, "*.txt").OrderBy(File.GetLastWriteTimeUtc).Last());
        await page.FillAsync("#Code", SixDigits().Match(sms).Value);
        await page.ClickAsync("#code-submit");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/t/[^/]+$"));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync(number);
        await BrowserFixture.ScreenshotAsync(page, "customer-code-phone");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_complaint_form_checks_the_simple_rules_before_sending_and_says_what_is_wrong_on_each_field()
    {
        var (page, errors) = await browser.NewPageAsync(viewport: new ViewportSize { Width = 390, Height = 844 });
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;
        await page.GotoAsync("/complaints/new");

        await page.FillAsync("#Input_Email", "not-an-address");
        await page.ClickAsync("#submit-complaint");

        Assert.Equal(0, posts);
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Name']")).ToHaveTextAsync("请填写您的称呼。");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Email']")).ToHaveTextAsync("邮箱格式不正确。");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Description']")).ToHaveTextAsync("请描述您遇到的问题。");
        await Assertions.Expect(page.Locator("#Input_Name")).ToHaveClassAsync(new Regex("is-invalid"));
        await Assertions.Expect(page.Locator("#Input_Name")).ToBeFocusedAsync();

        await page.FillAsync("#Input_Name", "吴先生");
        await page.FillAsync("#Input_Email", "wu.check@example.cn");
        await page.FillAsync("#Input_Description", "发票抬头开错了，请帮我重开。");
        await page.ClickAsync("#submit-complaint");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/complaints/submitted"));
        Assert.Equal(1, posts);
        Assert.Empty(errors);
    }

    [GeneratedRegex("(?<!\\d)\\d{6}(?!\\d)")]
    private static partial Regex SixDigits();
}
