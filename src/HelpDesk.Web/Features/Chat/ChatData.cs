using HelpDesk.Domain.Chat;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelpDesk.Web.Features.Chat;

/// <summary>The widget's settings (one row, id 1), edited on /admin/chat.</summary>
public class ChatSettings
{
    public const int GreetingMaxLength = 300;

    public int Id { get; set; } = 1;

    public bool Enabled { get; set; }

    public string Greeting { get; set; } = string.Empty;

    /// <summary>The team that receives chats (its agents answer them); null: any agent.</summary>
    public int? TeamId { get; set; }

    /// <summary>Origins of the shop's pages that may embed the widget ("https://shop.example.cn"); the desk's own is always allowed.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How many chats an agent holds at once.</summary>
    public int ChatsPerAgent { get; set; } = 3;
}

/// <summary>One chat of a visitor (anonymous, or a shopper the shop vouched for) with the desk; its messages are its ticket's.</summary>
public class ChatSession
{
    private ChatSession()
    {
        CustomerName = string.Empty;
    }

    public ChatSession(Guid visitorId, string? shopUserId, string? email, string name, DateTimeOffset now)
    {
        PublicId = Guid.NewGuid();
        VisitorId = visitorId;
        ShopUserId = shopUserId;
        Email = email;
        CustomerName = name;
        StartedAt = now;
    }

    public long Id { get; private set; }

    public Guid PublicId { get; private set; }

    public Guid VisitorId { get; private set; }

    /// <summary>The shop's user id when its login signed the identity; null for an anonymous visitor.</summary>
    public string? ShopUserId { get; private set; }

    public string? Email { get; private set; }

    public string CustomerName { get; private set; }

    public ChatState State { get; private set; }

    public long? TicketId { get; private set; }

    public Guid? AgentId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>What the customer was told when no agent was free (the answer time), shown in the widget.</summary>
    public string? Acknowledgement { get; private set; }

    /// <summary>When it joined the line (every agent at capacity); the line is served oldest first.</summary>
    public DateTimeOffset? QueuedAt { get; private set; }

    public uint Version { get; private set; }

    public bool IsOpen => State != ChatState.Ended;

    public void Landed(long ticketId) => TicketId ??= ticketId;

    public void Queue(DateTimeOffset now)
    {
        State = ChatState.Queued;
        QueuedAt = now;
    }

    public void AssignTo(Guid agentId)
    {
        AgentId = agentId;
        State = ChatState.Active;
    }

    public void BecameTicket(string acknowledgement)
    {
        State = ChatState.Ticketed;
        Acknowledgement = acknowledgement;
    }

    public void End(DateTimeOffset now)
    {
        if (State == ChatState.Ended)
        {
            throw new DomainException("chat.ended");
        }

        State = ChatState.Ended;
        EndedAt = now;
    }
}

/// <summary>An agent's readiness for chats: set in the console, kept alive by its heartbeat (not seen for 90 s: offline).</summary>
public class ChatAgent
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public Guid UserId { get; set; }

    public bool Available { get; set; }

    public DateTimeOffset SeenAt { get; set; }

    public DateTimeOffset? LastAssignedAt { get; set; }
}

internal sealed class ChatSettingsConfiguration : IEntityTypeConfiguration<ChatSettings>
{
    public void Configure(EntityTypeBuilder<ChatSettings> builder)
    {
        builder.ToTable("chat_settings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Greeting).HasMaxLength(ChatSettings.GreetingMaxLength);
        builder.HasOne<Domain.Teams.Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ChatSessionConfiguration : IEntityTypeConfiguration<ChatSession>
{
    public void Configure(EntityTypeBuilder<ChatSession> builder)
    {
        builder.ToTable("chat_sessions");
        builder.Property(s => s.ShopUserId).HasMaxLength(100);
        builder.Property(s => s.Email).HasMaxLength(200);
        builder.Property(s => s.CustomerName).HasMaxLength(100);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Acknowledgement).HasMaxLength(1000);
        builder.Property(s => s.Version).IsRowVersion().HasColumnName("xmin").HasColumnType("xid");
        builder.Ignore(s => s.IsOpen);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(s => s.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => s.PublicId).IsUnique();

        // The widget's "my open chat", the console's "my chats", the load per agent, and the ticket's chats (live notices).
        builder.HasIndex(s => new { s.VisitorId, s.State });
        builder.HasIndex(s => new { s.AgentId, s.State });
        builder.HasIndex(s => s.TicketId);

        // The line: served oldest first, a place counted by id (a partial index, small however many chats there were).
        builder.HasIndex(s => s.Id).HasFilter("state = 'Queued'").HasDatabaseName("ix_chat_sessions_queue");
    }
}

internal sealed class ChatAgentConfiguration : IEntityTypeConfiguration<ChatAgent>
{
    public void Configure(EntityTypeBuilder<ChatAgent> builder)
    {
        builder.ToTable("chat_agents");
        builder.HasKey(a => a.UserId);
        builder.Property(a => a.UserId).ValueGeneratedNever();
    }
}
