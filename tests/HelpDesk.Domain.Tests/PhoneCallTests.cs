using HelpDesk.Domain.Channels;
using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Tests;

public sealed class PhoneCallTests
{
    private static readonly DateTimeOffset Rang = new(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Agent = Guid.NewGuid();

    [Fact]
    public void An_answered_call_that_ends_is_completed_with_the_ctis_duration_and_recording()
    {
        var call = new PhoneCall("c1", "13800138000", Rang);

        Assert.True(call.Answer(Agent, Rang.AddSeconds(10)));
        Assert.True(call.HangUp(125, " https://cti.example.cn/r/1.mp3 ", Rang.AddSeconds(140)));

        Assert.Equal((CallState.Completed, 125, "https://cti.example.cn/r/1.mp3", (Guid?)Agent), (call.State, call.DurationSeconds, call.RecordingUrl, call.AgentId));
    }

    [Fact]
    public void Without_a_duration_it_counts_from_answer_to_hang_up()
    {
        var call = new PhoneCall("c1", "13800138000", Rang);
        call.Answer(null, Rang.AddSeconds(5));
        call.HangUp(null, null, Rang.AddSeconds(65));

        Assert.Equal(60, call.DurationSeconds);
    }

    [Fact]
    public void A_call_that_ends_unanswered_is_missed_and_keeps_no_recording()
    {
        var call = new PhoneCall("c1", "13800138000", Rang);

        Assert.True(call.HangUp(30, "https://cti.example.cn/r/voicemail.mp3", Rang.AddSeconds(30)));

        Assert.Equal((CallState.Missed, 0, (string?)null), (call.State, call.DurationSeconds, call.RecordingUrl));
    }

    [Fact]
    public void Events_again_or_late_change_nothing_a_call_only_moves_forward()
    {
        var call = new PhoneCall("c1", "13800138000", Rang);
        call.Answer(Agent, Rang.AddSeconds(5));
        Assert.False(call.Answer(Guid.NewGuid(), Rang.AddSeconds(6))); // a second "answered"
        Assert.True(call.HangUp(20, null, Rang.AddSeconds(25)));

        Assert.False(call.HangUp(99, null, Rang.AddSeconds(99)));
        Assert.False(call.Answer(Agent, Rang.AddSeconds(100))); // "answered" arriving after "hung up"
        Assert.Equal((CallState.Completed, 20, (Guid?)Agent), (call.State, call.DurationSeconds, call.AgentId));
    }

    [Fact]
    public void The_customer_and_agent_are_set_once_and_a_call_is_logged_once_after_it_ended()
    {
        var call = new PhoneCall("c1", "13800138000", Rang);
        call.Identify(7, Agent);
        call.Identify(8, Guid.NewGuid());
        Assert.Equal((7L, (Guid?)Agent), (call.CustomerId!.Value, call.AgentId));

        Assert.Equal("call.log_twice", Assert.Throws<DomainException>(() => call.Logged(1)).Key); // still ringing
        call.HangUp(null, null, Rang.AddMinutes(1));
        call.Logged(1);
        Assert.Equal("call.log_twice", Assert.Throws<DomainException>(() => call.Logged(2)).Key);
    }

    [Fact]
    public void A_negative_duration_is_refused()
    {
        var call = new PhoneCall("c1", "13800138000", Rang);
        call.Answer(Agent, Rang);

        Assert.Equal("call.hangup_invalid", Assert.Throws<DomainException>(() => call.HangUp(-1, null, Rang)).Key);
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(125, "2:05")]
    [InlineData(3723, "1:02:03")]
    public void Durations_read_as_minutes_and_seconds(int seconds, string text) => Assert.Equal(text, PhoneCall.FormatDuration(seconds));
}
