using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Feedback;

public enum DepartmentRequestStatus
{
    Open,
    Answered,
}

/// <summary>
/// A ticket forwarded to another department (product, logistics, finance, operations, after-sales) with a summary
/// (R10, 工单流转). The department sees it in its queue; its answer comes back into the ticket as an internal note.
/// </summary>
public sealed record ForwardedToDepartment(DepartmentRequest Request, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Request.TicketId;
}

public sealed record DepartmentAnswered(DepartmentRequest Request, Actor By, DateTimeOffset At) : ITicketActivity
{
    public long? TicketId => Request.TicketId;
}

public class DepartmentRequest : AggregateRoot
{
    public const int TextMaxLength = 2_000;

    private DepartmentRequest()
    {
        Summary = string.Empty;
    }

    public DepartmentRequest(long ticketId, int departmentTeamId, string summary, Actor by, DateTimeOffset now)
    {
        var requestedBy = by.StaffId ?? throw new DomainException("department_request.summary.required");
        TicketId = ticketId;
        DepartmentTeamId = departmentTeamId;
        Summary = Guard.NotBlank(summary, "department_request.summary", TextMaxLength);
        RequestedById = requestedBy;
        RequestedAt = now;
        Status = DepartmentRequestStatus.Open;
        Raise(new ForwardedToDepartment(this, by, now));
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public int DepartmentTeamId { get; private set; }

    public string Summary { get; private set; }

    public Guid RequestedById { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DepartmentRequestStatus Status { get; private set; }

    public string? Answer { get; private set; }

    public Guid? AnsweredById { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public void Respond(string answer, Actor by, DateTimeOffset now)
    {
        if (Status != DepartmentRequestStatus.Open)
        {
            throw new DomainException("department_request.already_answered");
        }

        Answer = Guard.NotBlank(answer, "department_request.answer", TextMaxLength);
        AnsweredById = by.StaffId;
        AnsweredAt = now;
        Status = DepartmentRequestStatus.Answered;
        Raise(new DepartmentAnswered(this, by, now));
    }
}
