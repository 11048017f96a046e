namespace HelpDesk.Domain.Tickets;

/// <summary>The service catalogue of R1.</summary>
public enum TicketCategory
{
    OrderInquiry,
    AfterSales,
    Logistics,
    AccountPayment,
    ProductConsultation,
    ComplaintSuggestion,
    SpecialServices,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum TicketStatus
{
    New,
    Open,
    PendingCustomer,
    OnHold,
    Resolved,
    Closed,
}

/// <summary>The channels of R2; every one lands in the same ticket model.</summary>
public enum Channel
{
    WebForm,
    Email,
    Chat,
    Phone,
    Social,
}

/// <summary>Where the ticket stands against its SLA targets (kept up to date by the SLA engine).</summary>
public enum SlaState
{
    None,
    OnTrack,
    AtRisk,
    Breached,
    Paused,
}

public enum MessageKind
{
    /// <summary>Written by the customer, on any channel.</summary>
    Customer,

    /// <summary>An agent's answer; the customer sees it and it is delivered through the ticket's channel.</summary>
    PublicReply,

    /// <summary>Between staff only; never shown to the customer.</summary>
    InternalNote,

    /// <summary>A phone call with the customer, logged by the agent (summary for staff; keeps call-back promises).</summary>
    Call,
}
