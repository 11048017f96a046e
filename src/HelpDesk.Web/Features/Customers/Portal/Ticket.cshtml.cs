using FluentValidation;
using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Complaints;
using HelpDesk.Domain.Orders;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Customers.Portal;

/// <summary>
/// The customer's ticket page behind a magic link (R4, design.md §7): status, the public conversation (never
/// internal notes or calls), the order and after-sales progress; and what the customer can do — reply (with files,
/// reopening a resolved ticket), choose one of the solutions offered, say whether it is solved and rate it, or
/// revoke the link. An unknown, expired or revoked link gets the same friendly "not valid" page.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(Authentication.PublicRateLimit)]
public class TicketModel(TimeProvider clock) : SlicePageModel
{
    public Model? View { get; private set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>Files kept from a try that came back with errors, ticked to go again (<see cref="HeldFiles"/>).</summary>
    [BindProperty]
    public List<Guid> Held { get; set; } = [];

    public IReadOnlyList<HeldFiles.Shown> HeldShown { get; private set; } = [];

    [BindProperty]
    public RatingInput Rating { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(string token) => await ShowAsync(token);

    public async Task<IActionResult> OnPostReplyAsync(string token)
    {
        var hold = HttpContext.RequestServices.GetRequiredService<HeldFiles>();
        var files = await hold.ReadAsync(Files, Held, User, HttpContext.RequestAborted);
        var succeeded = (await SendAsync(new CustomerReply(token, Body, files.All, clock.GetUtcNow()), string.Empty)).Succeeded;
        HeldShown = await hold.SettleAsync(files, succeeded, HttpContext.RequestAborted);
        return await AfterAsync(token, succeeded, "portal.replied");
    }

    public async Task<IActionResult> OnPostChooseAsync(string token, long offerId, int option) =>
        await AfterAsync(token, (await SendAsync(new Choose(token, offerId, option, clock.GetUtcNow()), string.Empty)).Succeeded, "portal.chosen");

    public async Task<IActionResult> OnPostRateAsync(string token) =>
        await AfterAsync(token, (await SendAsync(new Rate(token, Rating.Solved, Rating.Score, Rating.Comment, clock.GetUtcNow()), "Rating")).Succeeded, Rating.Solved ? "portal.rated" : "portal.reopened");

    public async Task<IActionResult> OnPostRevokeAsync(string token, bool allLinks)
    {
        if ((await SendAsync(new Revoke(token, clock.GetUtcNow(), allLinks), string.Empty)).Succeeded)
        {
            TempData["Portal.Revoked"] = true;
            return RedirectToPage("Find");
        }

        return await ShowAsync(token);
    }

    private async Task<IActionResult> AfterAsync(string token, bool succeeded, string flash)
    {
        if (succeeded)
        {
            Flash = L[flash];
            return RedirectToPage(new { token });
        }

        return await ShowAsync(token);
    }

    private async Task<IActionResult> ShowAsync(string token)
    {
        View = await QueryAsync(new Query(token, clock.GetUtcNow()));
        if (View is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public sealed class RatingInput
    {
        public bool Solved { get; set; } = true;

        public int Score { get; set; }

        public string? Comment { get; set; }
    }

    public sealed record Query(string Token, DateTimeOffset Now) : IQuery<Model?>;

    public sealed record Model(
        string Number, string Subject, TicketStatus Status, DateTimeOffset CreatedAt, IReadOnlyList<Message> Messages,
        OrderPanel? Order, IReadOnlyList<(AfterSalesKind Kind, AfterSalesStatus Status)> Cases, OfferPanel? Offer,
        bool CanRate, (bool Solved, int Score)? Rated, (ComplaintType Type, Remedy Remedy, ComplaintStage Stage)? Complaint);

    public sealed record Message(bool FromCustomer, string Author, string Body, DateTimeOffset At, IReadOnlyList<(long Id, string Name)> Files);

    public sealed record OrderPanel(string Number, OrderStatus Status, IReadOnlyList<string> Lines, IReadOnlyList<(string Carrier, string TrackingNumber, ShipmentStatus Status, DateTimeOffset PromisedAt, string? LastEvent)> Parcels);

    public sealed record OfferPanel(long Id, IReadOnlyList<SolutionOption> Options, int? Chosen);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            if (await Links.TicketOfAsync(db, request.Token, request.Now, cancellationToken) is not { } ticketId)
            {
                return null;
            }

            var t = await db.Tickets.AsNoTracking().Where(x => x.Id == ticketId)
                .Select(x => new { x.Number, x.Subject, x.Status, x.CreatedAt, x.OrderId, x.ResolvedAt }).SingleAsync(cancellationToken);
            var messages = await db.TicketMessages.AsNoTracking()
                .Where(m => m.TicketId == ticketId && (m.Kind == MessageKind.Customer || m.Kind == MessageKind.PublicReply))
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => new { m.Id, m.Kind, m.AuthorName, m.Body, m.CreatedAt }).ToListAsync(cancellationToken);
            var ids = messages.Select(m => m.Id).ToList();
            var files = (await db.Attachments.AsNoTracking().Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value))
                .Select(a => new { a.MessageId, a.Id, a.FileName }).ToListAsync(cancellationToken)).ToLookup(a => a.MessageId!.Value);

            OrderPanel? order = null;
            if (t.OrderId is { } orderId)
            {
                var o = await db.Orders.AsNoTracking().Include(x => x.Lines).Include(x => x.Shipments).ThenInclude(s => s.Events).AsSplitQuery().SingleAsync(x => x.Id == orderId, cancellationToken);
                order = new OrderPanel(o.Number, o.Status, o.Lines.Select(l => $"{l.ProductName} × {l.Quantity}").ToList(),
                    o.Shipments.Select(s => (s.Carrier, s.TrackingNumber, s.Status, s.PromisedAt, s.Events.OrderByDescending(e => e.At).Select(e => e.Description).FirstOrDefault())).ToList());
            }

            var cases = await db.AfterSalesCases.AsNoTracking().Where(a => a.TicketId == ticketId).OrderBy(a => a.RequestedAt)
                .Select(a => new { a.Kind, a.Status }).ToListAsync(cancellationToken);
            var offer = await db.SolutionOffers.AsNoTracking().Where(o => o.TicketId == ticketId).OrderByDescending(o => o.OfferedAt).FirstOrDefaultAsync(cancellationToken);
            var rating = t.ResolvedAt is { } resolved
                ? await db.SatisfactionRatings.AsNoTracking().Where(r => r.TicketId == ticketId && r.ResolvedAt == resolved).Select(r => new { r.Solved, r.Score }).SingleOrDefaultAsync(cancellationToken)
                : null;
            var complaint = await db.Complaints.AsNoTracking().Where(c => c.TicketId == ticketId).Select(c => new { c.Type, c.DesiredRemedy, c.Stage }).SingleOrDefaultAsync(cancellationToken);

            return new Model(
                Ticket.FormatNumber(t.Number), t.Subject, t.Status, t.CreatedAt,
                messages.Select(m => new Message(m.Kind == MessageKind.Customer, m.AuthorName, m.Body, m.CreatedAt, files[m.Id].Select(f => (f.Id, f.FileName)).ToList())).ToList(),
                order,
                cases.Select(c => (c.Kind, c.Status)).ToList(),
                offer is null ? null : new OfferPanel(offer.Id, offer.Options, offer.ChosenIndex),
                t.Status == TicketStatus.Resolved && rating is null,
                rating is null ? null : (rating.Solved, rating.Score),
                complaint is null ? null : (complaint.Type, complaint.DesiredRemedy, complaint.Stage));
        }
    }

    public sealed record CustomerReply(string Token, string? Body, IReadOnlyList<Upload> Files, DateTimeOffset Now) : ICommand<Unit>;

    public sealed class CustomerReplyValidator : AbstractValidator<CustomerReply>
    {
        public CustomerReplyValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => l["reply.body.required"])
                .MaximumLength(TicketMessage.BodyMaxLength).WithMessage(_ => l["reply.body.too_long", TicketMessage.BodyMaxLength]);
            RuleFor(c => c.Files).WithinAttachmentLimit(l);
        }
    }

    public sealed class CustomerReplyHandler(HelpDeskDbContext db) : IRequestHandler<CustomerReply, Unit>
    {
        public async Task<Unit> Handle(CustomerReply request, CancellationToken cancellationToken)
        {
            var ticket = await Links.LoadAsync(db, request.Token, request.Now, cancellationToken);
            var customer = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).SingleAsync(cancellationToken);
            var message = ticket.AddCustomerMessage(customer, Channel.WebForm, request.Body!, request.Now);
            db.AttachFiles(ticket, message, request.Files, request.Now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed record Choose(string Token, long OfferId, int Option, DateTimeOffset Now) : ICommand<Unit>;

    public sealed class ChooseHandler(HelpDeskDbContext db) : IRequestHandler<Choose, Unit>
    {
        public async Task<Unit> Handle(Choose request, CancellationToken cancellationToken)
        {
            var ticket = await Links.LoadAsync(db, request.Token, request.Now, cancellationToken);
            var offer = await db.SolutionOffers.SingleOrDefaultAsync(o => o.Id == request.OfferId && o.TicketId == ticket.Id, cancellationToken)
                ?? throw new DomainException("solution.invalid");
            var customer = Actor.Customer(await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).SingleAsync(cancellationToken));
            offer.Choose(request.Option, customer, request.Now);
            if (await db.Complaints.SingleOrDefaultAsync(c => c.TicketId == ticket.Id, cancellationToken) is { Stage: < ComplaintStage.Fulfilling } complaint)
            {
                complaint.Advance(ComplaintStage.Fulfilling, customer, request.Now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed record Rate(string Token, bool Solved, int Score, string? Comment, DateTimeOffset Now) : ICommand<Unit>;

    public sealed class RateValidator : AbstractValidator<Rate>
    {
        public RateValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Score).InclusiveBetween(1, 5).WithMessage(_ => l["rating.score"]);
            RuleFor(c => c.Comment).MaximumLength(1_000).WithMessage(_ => l["rating.comment.too_long", 1_000]);
        }
    }

    /// <summary>Solved: the ticket closes and the complaint is confirmed. Not solved: the ticket and complaint reopen.</summary>
    public sealed class RateHandler(HelpDeskDbContext db, IStringLocalizer<Strings> l) : IRequestHandler<Rate, Unit>
    {
        public async Task<Unit> Handle(Rate request, CancellationToken cancellationToken)
        {
            var ticket = await Links.LoadAsync(db, request.Token, request.Now, cancellationToken);
            if (ticket.Status != TicketStatus.Resolved || ticket.ResolvedAt is not { } resolvedAt)
            {
                throw new DomainException("rating.not_resolved");
            }

            if (await db.SatisfactionRatings.AnyAsync(r => r.TicketId == ticket.Id && r.ResolvedAt == resolvedAt, cancellationToken))
            {
                throw new DomainException("rating.already");
            }

            db.SatisfactionRatings.Add(new SatisfactionRating(ticket.Id, resolvedAt, request.Solved, request.Score, request.Comment, request.Now));

            // The rating on the ticket page is also the answer to this resolution's CSAT survey, if not answered by its link.
            if (await db.Surveys.Where(s => s.TicketId == ticket.Id && s.Kind == Domain.Surveys.SurveyKind.Csat).OrderByDescending(s => s.Resolution)
                    .FirstOrDefaultAsync(cancellationToken) is { IsAnswered: false } survey && !survey.IsExpired(request.Now))
            {
                survey.Answer(request.Score, request.Comment, request.Now);
            }

            var complaint = await db.Complaints.SingleOrDefaultAsync(c => c.TicketId == ticket.Id, cancellationToken);
            var customer = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).SingleAsync(cancellationToken);
            if (request.Solved)
            {
                ticket.ChangeStatus(TicketStatus.Closed, Actor.Customer(customer), request.Now);
                if (complaint is { Stage: < ComplaintStage.Confirmed })
                {
                    complaint.Advance(ComplaintStage.Confirmed, Actor.Customer(customer), request.Now);
                }
            }
            else
            {
                ticket.NotSolved(customer, Channel.WebForm, string.IsNullOrWhiteSpace(request.Comment) ? l["portal.not_solved"] : request.Comment, request.Now);
                if (complaint is { Stage: >= ComplaintStage.SolutionsOffered })
                {
                    complaint.Reopen(Actor.Customer(customer), request.Now);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    /// <summary>Ends this link, or (<paramref name="AllLinks"/>) every link to the ticket, such as ones in older e-mails.</summary>
    public sealed record Revoke(string Token, DateTimeOffset Now, bool AllLinks = false) : ICommand<Unit>;

    public sealed class RevokeHandler(HelpDeskDbContext db) : IRequestHandler<Revoke, Unit>
    {
        public async Task<Unit> Handle(Revoke request, CancellationToken cancellationToken)
        {
            var hash = TicketLink.Hash(request.Token ?? string.Empty);
            var link = await db.TicketLinks.SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
            if (link is null || !link.IsValid(request.Now))
            {
                throw new DomainException("link.invalid");
            }

            link.Revoke(request.Now);
            if (request.AllLinks)
            {
                foreach (var other in await db.TicketLinks.Where(l => l.TicketId == link.TicketId && l.Id != link.Id && l.RevokedAt == null).ToListAsync(cancellationToken))
                {
                    other.Revoke(request.Now);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}

/// <summary>Turning a token from a URL into its ticket: shape check, hash, valid (not expired, not revoked).</summary>
public static class Links
{
    public static async Task<long?> TicketOfAsync(HelpDeskDbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!TicketLink.LooksLikeToken(token))
        {
            return null;
        }

        var hash = TicketLink.Hash(token!);
        var link = await db.TicketLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        return link is not null && link.IsValid(now) ? link.TicketId : null;
    }

    public static async Task<Ticket> LoadAsync(HelpDeskDbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken) =>
        await TicketOfAsync(db, token, now, cancellationToken) is { } id
            ? await db.Tickets.SingleAsync(t => t.Id == id, cancellationToken)
            : throw new DomainException("link.invalid");
}
