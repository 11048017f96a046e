using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Help;

/// <summary>
/// An article's picture (<see cref="ArticleImage"/>), shown inline with the type decided at upload and nosniff (set
/// for every response). Anybody gets it while an article with its article's address (either language) is published
/// and public — cacheable by browsers and proxies for a day; otherwise only signed-in staff do (not stored by shared
/// caches), and everybody else a 404, as for an internal article. The name must be the picture's own.
/// </summary>
[AllowAnonymous]
public class ImageModel : SlicePageModel
{
    public const string PublicCaching = "public, max-age=86400";
    public const string StaffCaching = "private, max-age=300";

    public async Task<IActionResult> OnGetAsync(long id, string name)
    {
        var staff = User.IsInRole(Roles.Agent) || User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Admin);
        if (await QueryAsync(new Query(id, name, staff)) is not { } file)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = file.Public ? PublicCaching : StaffCaching;
        return File(file.Content, file.ContentType);
    }

    public sealed record Query(long Id, string Name, bool Staff) : IQuery<FileModel?>;

    public sealed record FileModel(string ContentType, byte[] Content, bool Public);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, FileModel?>
    {
        public Task<FileModel?> Handle(Query request, CancellationToken cancellationToken)
        {
            return (
                from i in db.ArticleImages.AsNoTracking()
                where i.Id == request.Id && i.UrlName == request.Name
                join owner in db.Articles on i.ArticleId equals owner.Id
                let isPublic = db.Articles.Any(a => a.Slug == owner.Slug && a.Status == ArticleStatus.Published && a.Audience == ArticleAudience.Public)
                where request.Staff || isPublic
                join c in db.ArticleImageContents on i.Id equals c.ImageId
                select new FileModel(i.ContentType, c.Data, isPublic)).SingleOrDefaultAsync(cancellationToken);
        }
    }
}
