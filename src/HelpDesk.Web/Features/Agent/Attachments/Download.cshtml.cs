using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Agent.Attachments;

/// <summary>
/// Serves a ticket's file to staff who may see the ticket: always as a download (never rendered inline), with the
/// type decided at upload from its content, and nosniff (set for every response).
/// </summary>
public class DownloadModel : SlicePageModel
{
    public async Task<IActionResult> OnGetAsync(long id) =>
        await QueryAsync(new Query(Viewer.From(User), id)) is { } file
            ? File(file.Content, file.ContentType, file.FileName)
            : NotFound();

    public sealed record Query(Viewer Viewer, long Id) : IQuery<FileModel?>;

    public sealed record FileModel(string FileName, string ContentType, byte[] Content);

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, FileModel?>
    {
        public Task<FileModel?> Handle(Query request, CancellationToken cancellationToken) => (
            from a in db.Attachments.AsNoTracking()
            where a.Id == request.Id && db.Tickets.VisibleTo(db, request.Viewer).Any(t => t.Id == a.TicketId)
            join c in db.AttachmentContents on a.Id equals c.AttachmentId
            select new FileModel(a.FileName, a.ContentType, c.Data))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
