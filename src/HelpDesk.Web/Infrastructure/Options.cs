using System.ComponentModel.DataAnnotations;

namespace HelpDesk.Web.Infrastructure;

/// <summary>"HelpDesk": the business time zone times are shown in, and the public address links point at.</summary>
public sealed class HelpDeskOptions : IValidatableObject
{
    public const string Section = "HelpDesk";

    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Where links in e-mails point ("https://help.example.com"); required outside Development. See <see cref="PublicAddress"/>.</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>The shop's name as customers know it ("京东"), on the help centre and in its title; empty: a neutral "在线客服".</summary>
    public string ShopName { get; set; } = string.Empty;

    /// <summary>Without <see cref="PublicBaseUrl"/>: hosts besides this machine that links may use as the request came in.</summary>
    public string[] LinkHosts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"HelpDesk:TimeZone '{TimeZone}' is not a time zone of this system.", [nameof(TimeZone)]);
        }

        if (PublicBaseUrl.Length > 0 && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"HelpDesk:PublicBaseUrl '{PublicBaseUrl}' is not an absolute http(s) address.", [nameof(PublicBaseUrl)]);
        }
    }
}

/// <summary>"Mail": the sender, and SMTP (when a host is set) or the pickup folder.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    [Required]
    [EmailAddress]
    public string From { get; set; } = "service@helpdesk.local";

    /// <summary>Where e-mails are written as .eml files when no SMTP host is set (default .data/mail).</summary>
    public string PickupDirectory { get; set; } = string.Empty;

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>STARTTLS.</summary>
    public bool EnableSsl { get; set; }

    public string User { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;
}

/// <summary>"Security": rate limits of the sign-in and the customers' public forms, per client address and minute.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    [Range(1, 1_000_000)]
    public int SignInAttemptsPerMinute { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int PublicPostsPerMinute { get; set; } = 10;
}

/// <summary>"Jobs": the hosted services (off in tests, which drive the slices with a test clock) and how often they tick.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    public OutboxJobOptions Outbox { get; set; } = new() { IntervalSeconds = 5 };

    public JobOptions SlaMonitor { get; set; } = new() { IntervalSeconds = 30 };

    public JobOptions Checklist { get; set; } = new() { IntervalSeconds = 60 };

    public JobOptions ReportRollup { get; set; } = new() { IntervalSeconds = 60 };

    public JobOptions QualityCheck { get; set; } = new() { IntervalSeconds = 86_400 };

    /// <summary>The live chat's line: queued chats handed to agents who freed up, or turned into tickets after the wait.</summary>
    public JobOptions ChatQueue { get; set; } = new() { IntervalSeconds = 5 };
}

/// <summary>One job: how often it ticks, and whether this instance runs it at all (false leaves it to the other instances; every job is safe on several).</summary>
public class JobOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 86_400)]
    public int IntervalSeconds { get; set; }

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);
}

/// <summary>
/// "Jobs:Outbox": besides the interval, how many mails a batch claims, how many go out at once, and at most how many
/// a second (0: as fast as the server takes them). Full batches follow each other without waiting for the next tick.
/// </summary>
public sealed class OutboxJobOptions : JobOptions
{
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    [Range(0, 100_000)]
    public int MaxPerSecond { get; set; }

    /// <summary>How long a claimed e-mail is held by the instance sending it; a dead instance's e-mails are sent by another after this. Longer than the slowest send (SMTP times out after 2 minutes).</summary>
    [Range(1, 86_400)]
    public int LeaseSeconds { get; set; } = 300;
}

public static class OptionsRegistration
{
    /// <summary>Binds a section to its options class, checked (data annotations) when the app starts: a typo stops it with a clear message.</summary>
    public static IServiceCollection AddHelpDeskOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
