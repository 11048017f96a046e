using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Features.Customers.Portal;

/// <summary>A file of the customer's ticket, only from a message the customer can see, always as a download.</summary>
[AllowAnonymous]
public class FilesModel(TimeProvider clock) : SlicePageModel
{
    public async Task<IActionResult> OnGetAsync(string token, long id) =>
        await QueryAsync(new Query(token, id, clock.GetUtcNow())) is { } file ? File(file.Content, file.ContentType, file.FileName) : NotFound();

    public sealed record Query(string Token, long Id, DateTimeOffset Now) : IQuery<Agent.Attachments.DownloadModel.FileModel?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Agent.Attachments.DownloadModel.FileModel?>
    {
        public async Task<Agent.Attachments.DownloadModel.FileModel?> Handle(Query request, CancellationToken cancellationToken)
        {
            if (await Links.TicketOfAsync(db, request.Token, request.Now, cancellationToken) is not { } ticketId)
            {
                return null;
            }

            return await (
                from a in db.Attachments.AsNoTracking()
                where a.Id == request.Id && a.TicketId == ticketId
                join m in db.TicketMessages on a.MessageId equals m.Id
                where m.Kind == MessageKind.Customer || m.Kind == MessageKind.PublicReply
                join c in db.AttachmentContents on a.Id equals c.AttachmentId
                select new Agent.Attachments.DownloadModel.FileModel(a.FileName, a.ContentType, c.Data))
                .SingleOrDefaultAsync(cancellationToken);
        }
    }
}
