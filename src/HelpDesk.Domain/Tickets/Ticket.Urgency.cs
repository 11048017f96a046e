using HelpDesk.Domain.Common;
using HelpDesk.Domain.Sentiment;

namespace HelpDesk.Domain.Tickets;

/// <summary>The early warning (R13): how urgent the customer's messages read, and what crossing the threshold does.</summary>
public partial class Ticket
{
    /// <summary>The highest urgency of the customer's messages (0–100); null until one was scored.</summary>
    public int? Urgency { get; private set; }

    /// <summary>The urgency of the customer's latest message.</summary>
    public int? LatestUrgency { get; private set; }

    /// <summary>Why the highest one scored what it did (<see cref="UrgencyReason.Encode"/>).</summary>
    public List<string> UrgencyReasons { get; private set; } = [];

    /// <summary>When a customer message first reached <see cref="UrgencyAssessment.Threshold"/>: the priority rose and the supervisor was told, once.</summary>
    public DateTimeOffset? UrgentAt { get; private set; }

    /// <summary>
    /// Records a customer message's urgency on it and on the ticket. The first time one is urgent the ticket's
    /// priority rises one step (never past <see cref="TicketPriority.Urgent"/>) and <see cref="CustomerTurnedUrgent"/>
    /// is raised; later urgent messages only update the scores.
    /// </summary>
    public void AssessUrgency(TicketMessage message, UrgencyAssessment assessment, DateTimeOffset now)
    {
        if (message.Kind != MessageKind.Customer)
        {
            throw new DomainException("ticket.urgency.not_customer");
        }

        message.SetUrgency(assessment);
        LatestUrgency = assessment.Score;
        if (Urgency is null || assessment.Score >= Urgency)
        {
            Urgency = assessment.Score;
            UrgencyReasons = [.. assessment.Reasons.Select(r => r.Encode())];
        }

        if (assessment.IsUrgent && UrgentAt is null)
        {
            UrgentAt = now;
            if (Priority < TicketPriority.Urgent)
            {
                ChangePriority(Priority + 1, EarlyWarning.Actor, now);
            }

            Raise(new CustomerTurnedUrgent(this, EarlyWarning.Actor, now, message, assessment.Score, UrgencyReasons));
        }
    }
}

public partial class TicketMessage
{
    /// <summary>A customer message's urgency (0–100); null for staff messages and messages from before the early warning.</summary>
    public int? Urgency { get; private set; }

    public List<string> UrgencyReasons { get; private set; } = [];

    internal void SetUrgency(UrgencyAssessment assessment)
    {
        Urgency = assessment.Score;
        UrgencyReasons = [.. assessment.Reasons.Select(r => r.Encode())];
    }
}

/// <summary>A customer message crossed the urgency threshold for the first time on this ticket (its priority has already risen).</summary>
public sealed record CustomerTurnedUrgent(Ticket Ticket, Actor By, DateTimeOffset At, TicketMessage Message, int Score, IReadOnlyList<string> Reasons) : TicketEvent(Ticket, By, At);
