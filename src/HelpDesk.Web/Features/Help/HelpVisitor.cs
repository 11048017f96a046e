using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;

namespace HelpDesk.Web.Features.Help;

/// <summary>
/// The anonymous browser behind the help centre's events, for the deflection rate: a random id in a first-party cookie
/// (90 days, HttpOnly), handed out by the help pages only. Nothing about the person is kept, and the question form
/// reads the id without handing one out.
/// </summary>
public static class HelpVisitor
{
    public const string Cookie = "hd_visitor";

    /// <summary>This browser's id; a new one (and its cookie) if it has none.</summary>
    public static Guid Of(HttpContext http)
    {
        if (Existing(http) is { } id)
        {
            return id;
        }

        id = Guid.NewGuid();
        http.Response.Cookies.Append(Cookie, id.ToString("N"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(90),
            IsEssential = true,
        });
        return id;
    }

    /// <summary>This browser's id if the help centre gave it one.</summary>
    public static Guid? Existing(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Cookie, out var value) && Guid.TryParseExact(value, "N", out var id) ? id : null;

    /// <summary>Records one thing this browser did in the help centre (see <see cref="HelpEvent"/>).</summary>
    public sealed record Record(Guid Visitor, HelpEventKind Kind, DateTimeOffset At, int? ArticleId = null, string? Query = null, int? Results = null) : ICommand<Unit>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Record, Unit>
    {
        public Task<Unit> Handle(Record request, CancellationToken cancellationToken)
        {
            db.HelpEvents.Add(new HelpEvent(request.Visitor, request.Kind, request.At, request.ArticleId, request.Query, request.Results));
            return Task.FromResult(Unit.Value);
        }
    }
}
