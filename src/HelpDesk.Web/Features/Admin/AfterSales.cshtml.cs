using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FluentValidation;
using HelpDesk.Domain.AfterSales;
using HelpDesk.Domain.Common;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Api;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Admin;

/// <summary>
/// After-sales administration (R5): the money limits (what an agent grants alone, when two supervisors must approve,
/// each agent's daily compensation budget), the shop system's API keys (the secret is shown once; only its hash is
/// kept; revoked keys stop at once), and a CSV import of orders for shops without the API, with a report per row.
/// </summary>
public class AfterSalesModel : SlicePageModel
{
    /// <summary>The CSV columns, one row per order line; rows of one order share its number and order fields.</summary>
    public static readonly string[] Columns =
    [
        "order_number", "placed_at", "customer_name", "customer_email", "customer_phone", "sku", "product_name", "category", "supplier",
        "quantity", "unit_price", "discount", "payment_method", "paid_amount", "paid_at",
    ];

    public const int MaxImportBytes = 2 * 1024 * 1024;

    [BindProperty]
    public LimitsForm Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<ImportRow>? Report { get; private set; }

    public IReadOnlyList<KeyRow> Keys { get; private set; } = [];

    [BindProperty]
    public string? KeyName { get; set; }

    /// <summary>The secret of the key just created: shown on this one response, never stored.</summary>
    public string? NewSecret { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public sealed class LimitsForm
    {
        public decimal AgentLimit { get; set; }

        public decimal DoubleApprovalThreshold { get; set; }

        public decimal DailyCompensationBudget { get; set; }
    }

    public async Task OnGetAsync()
    {
        Keys = await QueryAsync(new ListKeys());
        var settings = await QueryAsync(new Limits());
        Input = new LimitsForm { AgentLimit = settings.AgentLimit, DoubleApprovalThreshold = settings.DoubleApprovalThreshold, DailyCompensationBudget = settings.DailyCompensationBudget };
    }

    public async Task<IActionResult> OnPostLimitsAsync()
    {
        if ((await SendAsync(new ChangeLimits(Input.AgentLimit, Input.DoubleApprovalThreshold, Input.DailyCompensationBudget))).Succeeded)
        {
            Flash = L["admin.saved"];
            return RedirectToPage();
        }

        Keys = await QueryAsync(new ListKeys());
        return Page();
    }

    public async Task<IActionResult> OnPostCreateKeyAsync()
    {
        var result = await SendAsync(new CreateKey(KeyName), string.Empty);
        await OnGetAsync();
        NewSecret = result.Succeeded ? result.Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeKeyAsync(int id)
    {
        if ((await SendAsync(new RevokeKey(id))).Succeeded)
        {
            Flash = L["apikey.revoked"];
            return RedirectToPage();
        }

        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync()
    {
        await OnGetAsync();
        if (Upload is null || Upload.Length == 0 || Upload.Length > MaxImportBytes)
        {
            ModelState.AddModelError(nameof(Upload), L["import.file", MaxImportBytes / 1024 / 1024]);
            return Page();
        }

        await using var stream = Upload.OpenReadStream();
        Report = await Mediator.Send(new Import(stream), HttpContext.RequestAborted);
        return Page();
    }

    public sealed record Limits : IQuery<AfterSalesSettings>;

    public sealed class LimitsHandler(HelpDeskDbContext db) : IRequestHandler<Limits, AfterSalesSettings>
    {
        public Task<AfterSalesSettings> Handle(Limits request, CancellationToken cancellationToken) => db.AfterSalesSettings.AsNoTracking().SingleAsync(cancellationToken);
    }

    public sealed record ChangeLimits(decimal AgentLimit, decimal DoubleApprovalThreshold, decimal DailyCompensationBudget) : ICommand<Unit>;

    public sealed class ChangeLimitsHandler(HelpDeskDbContext db) : IRequestHandler<ChangeLimits, Unit>
    {
        public async Task<Unit> Handle(ChangeLimits request, CancellationToken cancellationToken)
        {
            var settings = await db.AfterSalesSettings.SingleAsync(cancellationToken);
            settings.Change(request.AgentLimit, request.DoubleApprovalThreshold, request.DailyCompensationBudget);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    public sealed record KeyRow(int Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public sealed record ListKeys : IQuery<IReadOnlyList<KeyRow>>;

    public sealed class ListKeysHandler(HelpDeskDbContext db) : IRequestHandler<ListKeys, IReadOnlyList<KeyRow>>
    {
        public async Task<IReadOnlyList<KeyRow>> Handle(ListKeys request, CancellationToken cancellationToken) =>
            await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name)
                .Select(k => new KeyRow(k.Id, k.Name, k.CreatedAt, k.RevokedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a key and answers its secret, which nobody can see again.</summary>
    public sealed record CreateKey(string? Name) : ICommand<string>;

    public sealed class CreateKeyValidator : AbstractValidator<CreateKey>
    {
        public CreateKeyValidator(IStringLocalizer<Strings> l) =>
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= 100).OverridePropertyName("KeyName").WithMessage(_ => l["apikey.name.required"]);
    }

    public sealed class CreateKeyHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<CreateKey, string>
    {
        public async Task<string> Handle(CreateKey request, CancellationToken cancellationToken)
        {
            var (key, secret) = ApiKey.Create(request.Name!.Trim(), clock.GetUtcNow());
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            return secret;
        }
    }

    public sealed record RevokeKey(int Id) : ICommand<Unit>;

    public sealed class RevokeKeyHandler(HelpDeskDbContext db, TimeProvider clock) : IRequestHandler<RevokeKey, Unit>
    {
        public async Task<Unit> Handle(RevokeKey request, CancellationToken cancellationToken)
        {
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == request.Id, cancellationToken) ?? throw new DomainException("apikey.not_found");
            key.Revoke(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }

    /// <summary>One order of the file: the rows it came from, and what happened.</summary>
    public sealed record ImportRow(string Rows, string Number, bool Succeeded, bool Created, string? Problem);

    /// <summary>
    /// Not a command on purpose: each order goes through the API's upsert in its own transaction, so one bad order
    /// is reported and the others still land; sending the same file twice changes nothing.
    /// </summary>
    public sealed record Import(Stream Csv) : IRequest<IReadOnlyList<ImportRow>>;

    public sealed class ImportHandler(IMediator mediator, IStringLocalizer<Strings> l) : IRequestHandler<Import, IReadOnlyList<ImportRow>>
    {
        public async Task<IReadOnlyList<ImportRow>> Handle(Import request, CancellationToken cancellationToken)
        {
            var report = new List<ImportRow>();
            var orders = new List<(string Number, List<(int Row, Dictionary<string, string> Fields)> Rows)>();
            using (var reader = new StreamReader(request.Csv))
            using (var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, DetectDelimiter = true, MissingFieldFound = null, BadDataFound = null }))
            {
                var missing = await csv.ReadAsync() && csv.ReadHeader()
                    ? Columns.Where(c => !csv.HeaderRecord!.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList()
                    : [.. Columns];
                if (missing.Count > 0)
                {
                    return [new ImportRow("1", string.Empty, false, false, l["import.header", string.Join(", ", missing)])];
                }

                while (await csv.ReadAsync())
                {
                    var fields = Columns.ToDictionary(c => c, c => csv.GetField(csv.HeaderRecord!.First(h => h.Equals(c, StringComparison.OrdinalIgnoreCase))) ?? string.Empty);
                    var number = fields["order_number"];
                    var order = orders.FirstOrDefault(o => o.Number == number);
                    if (order.Rows is null)
                    {
                        order = (number, []);
                        orders.Add(order);
                    }

                    order.Rows.Add((csv.Parser.Row, fields));
                }
            }

            foreach (var (number, rows) in orders)
            {
                var where = string.Join(", ", rows.Select(r => r.Row));
                if (!TryBuild(rows.Select(r => r.Fields).ToList(), out var body, out var problem))
                {
                    report.Add(new ImportRow(where, number, false, false, problem));
                    continue;
                }

                try
                {
                    var result = await mediator.Send(new Orders.Upsert(number, body), cancellationToken);
                    report.Add(new ImportRow(where, number, true, result.Created, null));
                }
                catch (FluentValidation.ValidationException ex)
                {
                    report.Add(new ImportRow(where, number, false, false, string.Join(" ", ex.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"))));
                }
                catch (DomainException ex)
                {
                    report.Add(new ImportRow(where, number, false, false, l[ex.Key, ex.Arguments]));
                }
            }

            return report;
        }

        /// <summary>Numbers and times as the file has them (invariant culture; times with an offset or in UTC).</summary>
        private bool TryBuild(List<Dictionary<string, string>> rows, out Orders.OrderBody body, out string? problem)
        {
            body = null!;
            problem = null;
            var first = rows[0];
            var lines = new List<Orders.LineBody>();
            foreach (var row in rows)
            {
                if (!int.TryParse(row["quantity"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity)
                    || !decimal.TryParse(row["unit_price"], NumberStyles.Number, CultureInfo.InvariantCulture, out var price)
                    || !TryDecimal(row["discount"], out var discount))
                {
                    problem = l["import.number"];
                    return false;
                }

                lines.Add(new Orders.LineBody(row["sku"], row["product_name"], row["category"], row["supplier"], quantity, price, discount ?? 0, false));
            }

            if (!DateTimeOffset.TryParse(first["placed_at"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var placedAt))
            {
                problem = l["import.date", "placed_at"];
                return false;
            }

            Orders.PaymentBody? payment = null;
            if (first["payment_method"].Length > 0)
            {
                if (!TryDecimal(first["paid_amount"], out var paid) || paid is null
                    || !DateTimeOffset.TryParse(first["paid_at"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var paidAt))
                {
                    problem = l["import.payment"];
                    return false;
                }

                payment = new Orders.PaymentBody(first["payment_method"], paid.Value, paidAt);
            }

            body = new Orders.OrderBody(new Orders.CustomerBody(first["customer_name"], first["customer_email"], first["customer_phone"]), placedAt, null, lines, payment, false, null);
            return true;
        }

        private static bool TryDecimal(string text, out decimal? value)
        {
            value = null;
            if (text.Length == 0)
            {
                return true;
            }

            var ok = decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed);
            value = parsed;
            return ok;
        }
    }
}
