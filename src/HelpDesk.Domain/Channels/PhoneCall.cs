using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Channels;

public enum CallState
{
    Ringing,
    Answered,
    Completed,
    Missed,
}

/// <summary>
/// A customer's call as the telephony system (CTI) reports it: ringing, answered, hung up (R2). Events may come twice
/// or out of order (a webhook retried, "answered" before "ringing"): each method says whether it changed anything, a
/// call only moves forward, and once it has ended nothing changes it. A call that ends unanswered is missed.
/// </summary>
public class PhoneCall
{
    public const int CallIdMaxLength = 100;
    public const int RecordingMaxLength = 1000;

    private PhoneCall()
    {
        CallId = From = string.Empty;
    }

    public PhoneCall(string callId, string from, DateTimeOffset at)
    {
        CallId = Guard.NotBlank(callId, "call.id", CallIdMaxLength);
        From = Guard.NotBlank(from, "call.from", 40);
        RangAt = at;
    }

    public long Id { get; private set; }

    /// <summary>The telephony system's id of the call: one row per call, whoever reports it how often.</summary>
    public string CallId { get; private set; }

    /// <summary>The caller's number as reported (the customer is looked up by its normalised form).</summary>
    public string From { get; private set; }

    public CallState State { get; private set; }

    public DateTimeOffset RangAt { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Seconds of conversation (the CTI's figure, else from answer to hang-up); 0 for a missed call.</summary>
    public int? DurationSeconds { get; private set; }

    public string? RecordingUrl { get; private set; }

    /// <summary>The agent the call rang for or who answered it.</summary>
    public Guid? AgentId { get; private set; }

    public long? CustomerId { get; private set; }

    /// <summary>The ticket whose timeline holds the call, once it has ended and been logged.</summary>
    public long? TicketId { get; private set; }

    public bool HasEnded => State is CallState.Completed or CallState.Missed;

    public void Identify(long? customerId, Guid? agentId)
    {
        CustomerId ??= customerId;
        AgentId ??= agentId;
    }

    public bool Answer(Guid? agentId, DateTimeOffset at)
    {
        if (State != CallState.Ringing)
        {
            return false;
        }

        State = CallState.Answered;
        AnsweredAt = at;
        AgentId = agentId ?? AgentId;
        return true;
    }

    public bool HangUp(int? durationSeconds, string? recordingUrl, DateTimeOffset at)
    {
        if (HasEnded)
        {
            return false;
        }

        if (durationSeconds is < 0 || recordingUrl is { Length: > RecordingMaxLength })
        {
            throw new DomainException("call.hangup_invalid");
        }

        EndedAt = at;
        if (AnsweredAt is { } answered)
        {
            State = CallState.Completed;
            DurationSeconds = durationSeconds ?? (int)Math.Max(0, (at - answered).TotalSeconds);
            RecordingUrl = string.IsNullOrWhiteSpace(recordingUrl) ? null : recordingUrl.Trim();
        }
        else
        {
            State = CallState.Missed;
            DurationSeconds = 0;
        }

        return true;
    }

    public void Logged(long ticketId)
    {
        if (!HasEnded || TicketId is not null)
        {
            throw new DomainException("call.log_twice");
        }

        TicketId = ticketId;
    }

    /// <summary>"2:05" or "1:02:03".</summary>
    public static string FormatDuration(int seconds) =>
        seconds >= 3600 ? $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}" : $"{seconds / 60}:{seconds % 60:00}";
}
