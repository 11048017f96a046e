using HelpDesk.Domain.Channels;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Customers;
using HelpDesk.Domain.Tasks;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Features.Live;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels.Phone;

/// <summary>
/// One call event from the telephony system, in one transaction. The call's row is claimed by its id (a retried or
/// doubled event changes nothing) and moves forward only (<see cref="PhoneCall"/>). While it rings, the agent it rings
/// for — every agent's screen when the CTI names none — is sent the call's id after the commit, and their browser
/// opens the caller's card (<c>/agent/calls/{id}</c>: the customer found by the number, their open tickets). When it
/// has ended, the call goes on the customer's timeline through <see cref="Receive"/>, like every channel's message
/// (idempotent on "call:{id}", joining their open ticket or opening one with SLA clocks): an answered call adds the
/// agent's call entry, which counts as a response; a missed one is tagged and becomes a call-back task for the agent
/// it rang for, else the ticket's assignee (an unassigned new ticket waits in the queue like any other).
/// </summary>
public static class CallEvent
{
    public enum Kind
    {
        Ringing,
        Answered,
        HungUp,
    }

    public sealed record Command(string CallId, Kind Event, string From, string? AgentEmail, DateTimeOffset At, int? DurationSeconds, string? RecordingUrl, byte[] Raw) : ICommand<Result>;

    public sealed record Result(CallState State, bool Changed, string? TicketNumber);

    /// <summary>What an agent's browser hears: a call rings for them (open the card), or a call stopped ringing (close it).</summary>
    public const string RingingMessage = "callRinging";
    public const string SettledMessage = "callSettled";

    public sealed class Handler(HelpDeskDbContext db, IMediator mediator, IHubContext<TicketHub> hub, AfterCommit afterCommit, IOptions<PhoneOptions> options, TimeProvider clock, IStringLocalizer<Strings> l)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO phone_calls (call_id, "from", state, rang_at) VALUES ({request.CallId}, {request.From}, 'Ringing', {request.At.ToUniversalTime()})
                ON CONFLICT (call_id) DO NOTHING
                """, cancellationToken);
            var call = await db.PhoneCalls.FromSql($"SELECT * FROM phone_calls WHERE call_id = {request.CallId} FOR UPDATE").SingleAsync(cancellationToken);
            var phone = CustomerContact.Normalize(ContactKind.Phone, call.From);
            var customerId = await db.CustomerContacts.Where(c => c.Kind == ContactKind.Phone && c.Value == phone).Select(c => (long?)c.CustomerId).FirstOrDefaultAsync(cancellationToken);
            var agentEmail = request.AgentEmail?.ToUpperInvariant();
            var agent = agentEmail is { Length: > 0 }
                ? await db.Users.Where(u => u.NormalizedEmail == agentEmail && u.IsActive).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(cancellationToken)
                : null;
            call.Identify(customerId, agent?.Id);
            var changed = request.Event switch
            {
                Kind.Ringing => false,
                Kind.Answered => call.Answer(agent?.Id, request.At),
                _ => call.HangUp(request.DurationSeconds, request.RecordingUrl, request.At),
            };
            await db.SaveChangesAsync(cancellationToken);

            if (request.Event == Kind.Ringing && call.State == CallState.Ringing)
            {
                var id = call.Id;
                var to = call.AgentId;
                afterCommit.Add(ct => (to is { } one ? hub.Clients.User(one.ToString()) : hub.Clients.Group(TicketHub.QueueGroup)).SendAsync(RingingMessage, id, ct));
            }
            else if (changed)
            {
                var id = call.Id;
                afterCommit.Add(ct => hub.Clients.Group(TicketHub.QueueGroup).SendAsync(SettledMessage, id, ct));
            }

            string? number = null;
            if (call.HasEnded && call.TicketId is null)
            {
                number = await LogAsync(call, request.Raw, cancellationToken);
            }
            else if (call.TicketId is { } ticketId)
            {
                number = Ticket.FormatNumber(await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.Number).SingleAsync(cancellationToken));
            }

            return new Result(call.State, changed, number);
        }

        /// <summary>The ended call on the customer's timeline (in the request's language: webhooks have none, so the business language, zh-CN).</summary>
        private async Task<string?> LogAsync(PhoneCall call, byte[] raw, CancellationToken cancellationToken)
        {
            var completed = call.State == CallState.Completed;
            var text = completed
                ? l["call.timeline.completed", PhoneCall.FormatDuration(call.DurationSeconds ?? 0)].Value + (call.RecordingUrl is { } url ? " " + l["call.timeline.recording", url].Value : string.Empty)
                : l["call.timeline.missed"].Value;
            var message = new InboundMessage(Channel.Phone, "call:" + call.CallId, [new SenderIdentity(ContactKind.Phone, call.From)], null,
                l[completed ? "call.subject" : "call.subject_missed"], text, ThreadHints.None, raw, call.EndedAt!.Value);
            var received = await mediator.Send(new Receive.Command(message), cancellationToken);
            if (received.TicketNumber is not { } number || !Ticket.TryParseNumber(number, out var n))
            {
                return null; // dropped (the per-sender cap, say): nothing to log on
            }

            var ticket = await db.Tickets.SingleAsync(t => t.Number == n, cancellationToken);
            call.Logged(ticket.Id);
            var agent = call.AgentId is { } id ? await db.Users.Where(u => u.Id == id).Select(u => new { u.Id, u.DisplayName }).SingleAsync(cancellationToken) : null;
            var now = clock.GetUtcNow();
            if (completed && agent is not null)
            {
                ticket.LogCall(agent.Id, agent.DisplayName, l["call.timeline.answered_by", PhoneCall.FormatDuration(call.DurationSeconds ?? 0)].Value, call.EndedAt.Value);
            }
            else if (!completed)
            {
                ticket.SetTags([.. ticket.Tags, MissedTag], Phone, now);
                if ((call.AgentId ?? ticket.AssigneeId) is { } owner)
                {
                    db.FollowUpTasks.Add(new FollowUpTask(ticket.Id, owner, FollowUpKind.CallBack, l["call.task", call.From].Value, now.AddMinutes(options.Value.CallBackWithinMinutes), FollowUpSource.Phone, Phone, now));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return ticket.DisplayNumber;
        }
    }

    public const string MissedTag = "missed-call";

    /// <summary>Who tags a missed call and gives its call-back task (shown as "phone" in the reader's language).</summary>
    public static readonly Actor Phone = new(null, "system:phone");
}
