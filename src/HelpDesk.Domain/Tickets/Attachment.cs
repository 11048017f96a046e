using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tickets;

/// <summary>
/// A file on a ticket message (photo of a broken item, a PDF invoice). Its type is decided by its content, never
/// by the name or the browser's claim; it is stored under a generated id and served as a download.
/// </summary>
public class Attachment
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxPerMessage = 5;

    private Attachment()
    {
        FileName = ContentType = string.Empty;
    }

    private Attachment(string fileName, string contentType, long size, DateTimeOffset now)
    {
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        UploadedAt = now;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public long? MessageId { get; private set; }

    /// <summary>The name the uploader gave, for display only (path parts removed).</summary>
    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    public long Size { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>For the mapping only: a new ticket or message gets its id when saved, and this file with it.</summary>
    private Ticket? Ticket { get; set; }

    private TicketMessage? Message { get; set; }

    /// <summary>Checks size and content; <paramref name="header"/> is the start of the file (16 bytes are enough).</summary>
    public static Attachment Accept(string fileName, long size, ReadOnlySpan<byte> header, DateTimeOffset now)
    {
        var name = SafeName(fileName);

        if (size <= 0)
        {
            throw new DomainException("attachment.empty", name);
        }

        if (size > MaxBytes)
        {
            throw new DomainException("attachment.too_large", name, MaxBytes / 1024 / 1024);
        }

        var type = FileTypes.Detect(header) ?? throw new DomainException("attachment.type", name);
        return new Attachment(name.Length > 200 ? name[^200..] : name, type, size, now);
    }

    /// <summary>
    /// The name to show and offer on download: the last path part, without control or text-direction characters
    /// ("photo\u202Egpj.exe"), characters file systems refuse or markup needs replaced by "_"; "file" if nothing is left.
    /// </summary>
    public static string SafeName(string fileName)
    {
        var last = Path.GetFileName(fileName.Replace('\\', '/'));
        var kept = new string(last.Where(c => Text.IsClean(c.ToString()) && c is not ('\n' or '\r' or '\t'))
            .Select(c => c is '<' or '>' or ':' or '"' or '|' or '?' or '*' or '&' ? '_' : c).ToArray()).Trim().Trim('.');
        return kept.Length == 0 ? "file" : kept;
    }

    /// <summary>Puts the file on a message of the ticket (either may be new: both get their ids when saved).</summary>
    public void AttachTo(Ticket ticket, TicketMessage message)
    {
        if (!ticket.Messages.Contains(message))
        {
            throw new DomainException("attachment.other_ticket");
        }

        (Ticket, Message, TicketId, MessageId) = (ticket, message, ticket.Id, message.Id == 0 ? null : message.Id);
    }
}

/// <summary>The file types customers and agents may attach, recognised by their first bytes.</summary>
public static class FileTypes
{
    public static string? Detect(ReadOnlySpan<byte> header) => header switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
        _ => null,
    };
}
