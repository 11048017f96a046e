using Bogus;
using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Catalog;
using HelpDesk.Domain.Commitments;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Sla;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Teams;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Data.Seed;

/// <summary>
/// Deterministic demo data (Bogus with a fixed seed, Chinese names and products), written once into an empty
/// database: teams and departments, 21 staff (one a read-only analyst), 200 customers, 1,000 orders, 300 tickets with conversations,
/// complaints, after-sales cases, tasks and commitments. Times are relative to "now", so the demo looks alive.
/// </summary>
public sealed class DemoSeeder(HelpDeskDbContext db, UserManager<StaffUser> users, TimeProvider clock, DomainEventDispatcher events, ILogger<DemoSeeder> logger)
{
    public const string Password = "HelpDesk!2026";
    public const string AgentEmail = "agent@demo.local";
    public const string SupervisorEmail = "supervisor@demo.local";
    public const string AdminEmail = "admin@demo.local";
    public const string AnalystEmail = "analyst@demo.local";

    /// <summary>The demo shop system's API key for <c>PUT /api/v1/orders/{number}</c>; demo data only.</summary>
    public const string ShopApiKey = "hdk_demo_shop_0123456789abcdef";
    private const int Seed = 20261122;

    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(Seed) };
    private DateTimeOffset _now;

    public async Task SeedAsync()
    {
        if (await db.Teams.AnyAsync())
        {
            return;
        }

        // The demo's history gets its SLA clocks and audit trail; nobody is notified or mailed about the past.
        using var _ = events.Only(typeof(Features.Sla.SlaClocks), typeof(Features.Shared.AuditTrail));
        _now = clock.GetUtcNow();
        var calendar = SeedCalendarsAndPolicies();
        var (serviceTeams, staff) = await SeedTeamsAndStaffAsync(calendar);
        var customers = SeedCustomers();
        var products = DemoCatalog.Products.Select(p => new Product(p.Sku, p.Name, p.Category, p.Supplier, p.NoReasonExcluded)).ToList();
        db.Products.AddRange(products);
        await db.SaveChangesAsync();

        db.ApiKeys.Add(ApiKey.FromSecret("demo-shop", ShopApiKey, _now));
        var orders = SeedOrders(customers, products);
        await db.SaveChangesAsync();

        var tickets = SeedTickets(customers, orders, serviceTeams, staff);
        await db.SaveChangesAsync();

        SeedCases(tickets, orders, staff);
        await db.SaveChangesAsync();

        await DemoAnswers.SeedAsync(db, tickets, _now);
        await db.SaveChangesAsync();

        await SeedArticlesAsync();
        SeedSurveys(tickets);
        await db.SaveChangesAsync();
        logger.LogInformation("Demo data seeded: {Customers} customers, {Orders} orders, {Tickets} tickets", customers.Count, orders.Count, tickets.Count);
    }

    public static void PrintSignInHelp(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5080";
        app.Logger.LogInformation(
            "HelpDesk is running at {Url} — demo sign-in at {Url}/account/login: {Agent}, {Supervisor}, {Admin}; password {Password}",
            url, url, AgentEmail, SupervisorEmail, AdminEmail, Password);
    }

    /// <summary>The demo knowledge base, written and published by the demo supervisor a week ago.</summary>
    private async Task SeedArticlesAsync()
    {
        var author = await db.Users.SingleAsync(u => u.Email == SupervisorEmail);
        var categories = await db.ArticleCategories.ToDictionaryAsync(c => c.Slug, c => c.Id);
        var written = _now.AddDays(-7);
        foreach (var e in DemoArticles.Articles)
        {
            var article = new Domain.Knowledge.Article(e.Slug, e.Language, categories[e.Category],
                e.Internal ? Domain.Knowledge.ArticleAudience.Internal : Domain.Knowledge.ArticleAudience.Public,
                e.Title, e.Body, e.Tags, e.Products, author.Id, author.DisplayName, written);
            article.Publish(written);
            db.Articles.Add(article);
        }

        db.SearchSynonyms.AddRange(DemoArticles.Synonyms.Select(s => new Domain.Knowledge.SearchSynonym(s.Term, s.Expansion)));
        await db.SaveChangesAsync();
    }

    private BusinessCalendar SeedCalendarsAndPolicies()
    {
        var workdays = new BusinessCalendar("标准工作日", BusinessCalendar.DefaultTimeZone, is24x7: false);
        workdays.SetWorkingIntervals(Enumerable.Range(1, 5).SelectMany(d => new[]
        {
            new WorkingInterval((DayOfWeek)d, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new WorkingInterval((DayOfWeek)d, new TimeOnly(13, 30), new TimeOnly(18, 0)),
        }));
        workdays.SetHolidays(ChineseHolidays.Holidays2026, ChineseHolidays.MakeUpWorkdays2026);
        var allDay = new BusinessCalendar("7×24 小时", BusinessCalendar.DefaultTimeZone, is24x7: true);
        db.BusinessCalendars.AddRange(workdays, allDay);
        db.SaveChanges();

        var urgent = new SlaPolicy("紧急工单", 10, allDay.Id, 15, 30, 240);
        urgent.MatchOn(TicketPriority.Urgent, null, null, null);
        var chat = new SlaPolicy("在线客服", 20, allDay.Id, 5, 10, 1440);
        chat.MatchOn(null, null, Channel.Chat, null);
        var plus = new SlaPolicy("PLUS 会员", 30, workdays.Id, 30, 60, 960);
        plus.MatchOn(null, null, null, CustomerTier.Plus);
        var standard = new SlaPolicy("标准", 100, workdays.Id, 120, 240, 2880);
        standard.SetPauseCap(3 * 450); // waiting for the customer: the clocks run again after three working days
        db.SlaPolicies.AddRange(urgent, chat, plus, standard);
        db.CannedAnswers.AddRange(DemoCatalog.CannedAnswers.Select(c => new CannedAnswer(c.Title, c.Body, c.Category)));
        return workdays;
    }

    private async Task<(List<Team> ServiceTeams, List<StaffUser> Agents)> SeedTeamsAndStaffAsync(BusinessCalendar calendar)
    {
        var serviceTeams = DemoCatalog.ServiceTeams.Select(n => new Team(n, TeamKind.Service)).ToList();
        var departments = new (string Name, Department Department)[]
        {
            ("产品部", Department.Product), ("物流部", Department.Logistics), ("财务部", Department.Finance),
            ("运营部", Department.Operations), ("售后部", Department.AfterSales),
        }.Select(d => new Team(d.Name, TeamKind.Department, d.Department)).ToList();
        foreach (var team in serviceTeams)
        {
            team.UseCalendar(calendar.Id);
        }

        db.Teams.AddRange(serviceTeams.Concat(departments));

        // One hash for every demo account: hashing is slow on purpose, and these all share the demo password.
        var passwordHash = users.PasswordHasher.HashPassword(new StaffUser(), Password);
        var agents = new List<StaffUser>();
        for (var i = 1; i <= 12; i++)
        {
            agents.Add(await CreateUserAsync(i == 1 ? AgentEmail : $"agent{i}@demo.local", passwordHash, Roles.Agent));
        }

        var supervisors = new[]
        {
            await CreateUserAsync(SupervisorEmail, passwordHash, Roles.Supervisor),
            await CreateUserAsync("supervisor2@demo.local", passwordHash, Roles.Supervisor),
        };
        await CreateUserAsync(AdminEmail, passwordHash, Roles.Admin);
        // A fixed name, so the demo's other random names stay as they were before the analyst came.
        await CreateUserAsync(AnalystEmail, passwordHash, Roles.Analyst, "数据分析师");

        // One liaison per department answers what service teams forward to it (R10).
        foreach (var department in departments)
        {
            var liaison = await CreateUserAsync($"{department.Department!.Value.ToString().ToLowerInvariant()}@demo.local", passwordHash, Roles.Agent);
            department.AddMember(liaison.Id);
        }

        for (var i = 0; i < agents.Count; i++)
        {
            serviceTeams[i % serviceTeams.Count].AddMember(agents[i].Id);
        }

        // The demo agent works in two teams; the first supervisor leads two teams, the second one.
        serviceTeams[1].AddMember(agents[0].Id);
        serviceTeams[0].SetSupervisor(supervisors[0].Id);
        serviceTeams[1].SetSupervisor(supervisors[0].Id);
        serviceTeams[2].SetSupervisor(supervisors[1].Id);
        foreach (var team in serviceTeams)
        {
            team.AddMember(team.SupervisorId!.Value);
        }

        await db.SaveChangesAsync();
        return (serviceTeams, agents);
    }

    private async Task<StaffUser> CreateUserAsync(string email, string passwordHash, string role, string? displayName = null)
    {
        var user = new StaffUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName ?? _faker.Name.LastName() + _faker.Name.FirstName(),
            PasswordHash = passwordHash,
            MaxOpenTickets = 25,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", created.Errors.Select(e => e.Code))}");
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }

    private List<Customer> SeedCustomers()
    {
        var customers = new List<Customer>();
        for (var i = 1; i <= 200; i++)
        {
            var tier = i % 7 == 0 ? CustomerTier.Plus : i % 50 == 0 ? CustomerTier.Vip : CustomerTier.Regular;
            var customer = new Customer(_faker.Name.LastName() + _faker.Name.FirstName(), tier, _now.AddDays(-_faker.Random.Int(30, 900)));
            customer.AddContact(ContactKind.Email, $"customer{i:000}@example.cn");
            customer.AddContact(ContactKind.Phone, "1" + _faker.PickRandom("3", "5", "7", "8", "9") + _faker.Random.ReplaceNumbers("#########"));
            if (i % 4 == 0)
            {
                customer.AddContact(ContactKind.Chat, $"wx_{_faker.Random.AlphaNumeric(8)}");
            }

            customers.Add(customer);
        }

        db.Customers.AddRange(customers);
        return customers;
    }

    private List<Order> SeedOrders(List<Customer> customers, List<Product> products)
    {
        var orders = new List<Order>();
        for (var i = 1; i <= 1000; i++)
        {
            var placedAt = _now.AddMinutes(-_faker.Random.Int(60, 60 * 24 * 45));
            var order = new Order($"JD{placedAt:yyMMdd}{i:00000}", customers[_faker.Random.Int(0, customers.Count - 1)].Id, placedAt);
            foreach (var product in _faker.PickRandom(products, _faker.Random.Int(1, 3)))
            {
                var price = Array.Find(DemoCatalog.Products, p => p.Sku == product.Sku).Price;
                var quantity = _faker.Random.Int(1, 2);
                order.AddLine(product.Id, product.Sku, product.Name, quantity, price, discount: i % 5 == 0 ? Math.Round(price * quantity * 0.1m, 2) : 0);
            }

            AdvanceOrder(order, i);
            orders.Add(order);
        }

        db.Orders.AddRange(orders);
        return orders;
    }

    /// <summary>Spreads orders over every state: unpaid, failed payment, cancelled, in transit, delayed, lost, delivered.</summary>
    private void AdvanceOrder(Order order, int i)
    {
        switch (i % 20)
        {
            case 0:
                return; // placed, not yet paid
            case 1:
                order.RecordFailedPayment(_faker.PickRandom(DemoCatalog.PaymentMethods));
                return;
            case 2:
                order.Cancel();
                return;
        }

        order.RecordPayment(_faker.PickRandom(DemoCatalog.PaymentMethods), order.Total, order.PlacedAt.AddMinutes(_faker.Random.Int(1, 30)));
        if (i % 20 == 3)
        {
            return; // paid, waiting to ship
        }

        var shippedAt = order.PlacedAt.AddHours(_faker.Random.Int(4, 30));
        if (shippedAt > _now)
        {
            return;
        }

        var shipment = order.Ship(_faker.PickRandom(DemoCatalog.Carriers), "SF" + _faker.Random.ReplaceNumbers("############"), shippedAt, shippedAt.AddDays(_faker.Random.Int(2, 4)));
        var from = _faker.PickRandom(DemoCatalog.Cities);
        var to = _faker.PickRandom(DemoCatalog.Cities);
        shipment.Track(shippedAt, ShipmentStatus.InTransit, from, $"快件已由【{from}】揽收");
        var transit = shippedAt.AddHours(_faker.Random.Int(6, 20));
        if (transit > _now)
        {
            return;
        }

        shipment.Track(transit, ShipmentStatus.InTransit, to, $"快件已到达【{to}转运中心】");
        var last = transit.AddHours(_faker.Random.Int(8, 30));
        if (last > _now)
        {
            return;
        }

        switch (i % 20)
        {
            case 4 or 5:
                shipment.Track(last, ShipmentStatus.Delayed, to, "因天气原因，快件派送延迟");
                return;
            case 6:
                shipment.Track(last, ShipmentStatus.Lost, to, "快件异常，正在核实中");
                return;
            case 7:
                shipment.Track(last, ShipmentStatus.OutForDelivery, to, "快件正在派送中，派件员电话 138****0000");
                return;
        }

        shipment.Track(last, ShipmentStatus.Delivered, to, "快件已签收，签收人：本人");
        order.RefreshDeliveryStatus();
        if (i % 3 == 0 && last < _now.AddDays(-10))
        {
            order.Complete();
        }
    }

    private List<Ticket> SeedTickets(List<Customer> customers, List<Order> orders, List<Team> teams, List<StaffUser> agents)
    {
        var categories = Enum.GetValues<TicketCategory>();
        var channels = Enum.GetValues<Channel>();
        var statuses = Enum.GetValues<TicketStatus>();
        var priorities = Enum.GetValues<TicketPriority>();
        var ordersByCustomer = orders.ToLookup(o => o.CustomerId);
        var members = teams.ToDictionary(t => t, t => agents.Where(a => t.Members.Any(m => m.UserId == a.Id)).ToList());
        var tickets = new List<Ticket>();

        for (var i = 0; i < 300; i++)
        {
            var category = categories[i % categories.Length];
            var channel = channels[(i / categories.Length) % channels.Length];
            var status = statuses[(i / 3) % statuses.Length];
            var priority = i % 17 == 0 ? TicketPriority.Urgent : priorities[(i * 7) % 3];
            var customer = customers[(i * 37) % customers.Count];
            var order = ordersByCustomer[customer.Id].FirstOrDefault();
            var (subject, first, reply, note) = _faker.PickRandom(DemoCatalog.Conversations[category]);
            var product = order?.Lines[0].ProductName ?? DemoCatalog.Products[i % DemoCatalog.Products.Length].Name;
            var carrier = order?.Shipments is [var shipment, ..] ? shipment.Carrier : DemoCatalog.Carriers[0];
            string Fill(string text) => text.Replace("{order}", order?.Number ?? "JD2611200001", StringComparison.Ordinal)
                .Replace("{name}", customer.Name, StringComparison.Ordinal)
                .Replace("{product}", product, StringComparison.Ordinal)
                .Replace("{carrier}", carrier, StringComparison.Ordinal);

            // A conversation lasts at most about a day, so only New tickets may have been opened in the last day.
            var at = status == TicketStatus.New
                ? _now.AddMinutes(-_faker.Random.Int(20, 60 * 24 * 3))
                : _now.AddMinutes(-_faker.Random.Int(60 * 25, 60 * 24 * 20));
            var ticket = Ticket.Open(Fill(subject), category, priority, channel, customer.Id, customer.Name, Fill(first), at);
            if (order is not null && category is not (TicketCategory.ProductConsultation or TicketCategory.SpecialServices))
            {
                ticket.LinkOrder(order.Id, at);
            }

            var team = teams[i % teams.Count];
            var agent = members[team][i % members[team].Count];
            if (status != TicketStatus.New || i % 2 == 0)
            {
                ticket.AssignTo(team.Id, status == TicketStatus.New ? null : agent.Id, Actor.Staff(agent.Id, agent.DisplayName), at.AddMinutes(1));
            }

            if (i % 5 == 0)
            {
                ticket.SetTags(i % 10 == 0 ? ["加急", "回访"] : ["回访"], Actor.Staff(agent.Id, agent.DisplayName), at.AddMinutes(1));
            }

            Converse(ticket, status, agent, customer, Fill(reply), note, at);
            tickets.Add(ticket);
        }

        db.Tickets.AddRange(tickets);
        return tickets;
    }

    /// <summary>A conversation that ends in the wanted status: new tickets have only the customer's words.</summary>
    private void Converse(Ticket ticket, TicketStatus status, StaffUser agent, Customer customer, string reply, string note, DateTimeOffset at)
    {
        if (status == TicketStatus.New)
        {
            return;
        }

        var t = at.AddMinutes(_faker.Random.Int(2, 90));
        var by = Actor.Staff(agent.Id, agent.DisplayName);
        ticket.AddInternalNote(agent.Id, agent.DisplayName, note, t);
        ticket.Reply(agent.Id, agent.DisplayName, reply, t.AddMinutes(3));
        t = t.AddHours(_faker.Random.Int(1, 20));
        switch (status)
        {
            case TicketStatus.Open:
                ticket.AddCustomerMessage(customer.Name, ticket.Channel, _faker.PickRandom(DemoCatalog.CustomerFollowUps[..2]), t);
                break;
            case TicketStatus.PendingCustomer:
                ticket.ChangeStatus(TicketStatus.PendingCustomer, by, t);
                break;
            case TicketStatus.OnHold:
                ticket.AddInternalNote(agent.Id, agent.DisplayName, "等待相关部门回复，暂时挂起。", t);
                ticket.ChangeStatus(TicketStatus.OnHold, by, t);
                break;
            case TicketStatus.Resolved or TicketStatus.Closed:
                ticket.AddCustomerMessage(customer.Name, ticket.Channel, DemoCatalog.CustomerFollowUps[2], t);
                ticket.Reply(agent.Id, agent.DisplayName, "不客气，感谢您的耐心！如有其他问题随时联系我们。", t.AddMinutes(5));
                ticket.ChangeStatus(TicketStatus.Resolved, by, t.AddMinutes(6));
                if (status == TicketStatus.Closed)
                {
                    ticket.ChangeStatus(TicketStatus.Closed, by, t.AddDays(3) < _now ? t.AddDays(3) : t.AddMinutes(8));
                }

                break;
        }
    }

    /// <summary>A CSAT survey for every resolved demo ticket, four in five answered (mostly satisfied), so the satisfaction page has a story.</summary>
    private void SeedSurveys(List<Ticket> tickets)
    {
        var random = new Random(16); // its own sequence: the rest of the demo stays as it was
        string?[] comments = [null, null, "处理得很快，谢谢！", "客服态度很好。", "等了有点久。", "问题解决了，但是过程太麻烦。"];
        foreach (var ticket in tickets.Where(t => t.ResolvedAt is not null))
        {
            var (survey, _) = Domain.Surveys.Survey.Csat(ticket.Id, ticket.CustomerId, 1, ticket.AssigneeId, ticket.TeamId, Domain.Surveys.SurveyDelivery.Email, ticket.ResolvedAt!.Value, TimeSpan.FromDays(30));
            if (random.Next(5) > 0 && ticket.ResolvedAt!.Value.AddHours(2) < _now)
            {
                survey.Answer(random.Next(10) switch { < 5 => 5, < 8 => 4, 8 => 3, _ => random.Next(1, 3) }, comments[random.Next(comments.Length)], ticket.ResolvedAt!.Value.AddHours(2));
            }

            db.Surveys.Add(survey);
        }
    }

    private void SeedCases(List<Ticket> tickets, List<Order> orders, List<StaffUser> agents)
    {
        var orderById = orders.ToDictionary(o => o.Id);
        var complaintTickets = tickets.Where(t => t.Category is TicketCategory.ComplaintSuggestion or TicketCategory.AfterSales).Take(24).ToList();
        for (var i = 0; i < complaintTickets.Count; i++)
        {
            var ticket = complaintTickets[i];
            var complaint = new Complaint(ticket, (ComplaintType)(i % 7), (Remedy)(i % 6), ticket.Messages[0].Body, ticket.CreatedAt);
            if (ticket.Status != TicketStatus.New)
            {
                var stage = ticket.Status is TicketStatus.Resolved or TicketStatus.Closed ? ComplaintStage.Confirmed : ComplaintStage.Investigating;
                complaint.Advance(stage, Staff(agents, ticket.AssigneeId), ticket.FirstRespondedAt ?? ticket.UpdatedAt);
            }

            db.Complaints.Add(complaint);
        }

        var afterSalesTickets = tickets.Where(t => t.Category == TicketCategory.AfterSales && t.OrderId is not null).Take(10).ToList();
        foreach (var (ticket, i) in afterSalesTickets.Select((t, i) => (t, i)))
        {
            var order = orderById[ticket.OrderId!.Value];
            var line = order.Lines[0];
            var kind = (AfterSalesKind)(i % 4);
            var requester = agents[i % agents.Count];
            var @case = new AfterSalesCase(ticket.Id, order.Id, kind, "商品质量问题，客户要求处理", requester.Id, ticket.UpdatedAt);
            @case.AddLine(line.Id, 1, kind is AfterSalesKind.Exchange or AfterSalesKind.Repair ? 0 : Math.Round(line.PaidAmount / line.Quantity, 2));
            @case.Classify(AfterSalesReason.QualityProblem);
            @case.Submit(agentLimit: 500, doubleApprovalThreshold: 2000, requester.DisplayName, ticket.UpdatedAt);
            db.AfterSalesCases.Add(@case);
        }

        var openTickets = tickets.Where(t => t.AssigneeId is not null && TicketStatusRules.IsActive(t.Status)).Take(20).ToList();
        foreach (var (ticket, i) in openTickets.Select((t, i) => (t, i)))
        {
            var due = _now.AddHours(i % 3 == 0 ? -3 : 4 + i);
            db.FollowUpTasks.Add(new FollowUpTask(ticket.Id, ticket.AssigneeId!.Value, (FollowUpKind)(i % 5), i % 2 == 0 ? "回电客户确认处理进度" : "确认换新商品已送达", due, FollowUpSource.Checklist, Actor.Checklist, _now.AddDays(-1)));
            if (i % 2 == 0)
            {
                db.Commitments.Add(new Commitment(ticket.Id, Staff(agents, ticket.AssigneeId), i % 4 == 0 ? CommitmentKind.CallBack : CommitmentKind.Ship, i % 4 == 0 ? "明天上午给您回电" : "我们会在24小时内为您补发", _now.AddHours(2 + i), _now.AddHours(-1)));
            }
        }
    }

    private static Actor Staff(List<StaffUser> staff, Guid? id) =>
        staff.SingleOrDefault(s => s.Id == id) is { } person ? Actor.Staff(person.Id, person.DisplayName) : Actor.Checklist;
}
