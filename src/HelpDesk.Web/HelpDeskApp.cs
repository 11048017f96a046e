using System.Text.Encodings.Web;
using System.Text.Unicode;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Features.Chat;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Infrastructure.Mail;
using HelpDesk.Web.Jobs;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.WebEncoders;

namespace HelpDesk.Web;

/// <summary>
/// The composition root's two halves, so Program.cs reads in a few lines: infrastructure (Infrastructure/, which knows
/// nothing of the features), then the features' own services, pages, endpoints and jobs.
/// </summary>
public static class HelpDeskApp
{
    public static WebApplicationBuilder AddHelpDesk(this WebApplicationBuilder builder)
    {
        // GBK, GB2312 and Big5 for mail from Chinese clients (MimeKit decodes with these).
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        builder.AddHelpDeskLogging();
        builder.AddHelpDeskDatabase();
        var redis = builder.AddHelpDeskRedis();
        var services = builder.Services;
        services.AddHelpDeskOptions<HelpDeskOptions>(HelpDeskOptions.Section)
            .AddHelpDeskOptions<MailOptions>(MailOptions.Section)
            .AddHelpDeskOptions<SecurityOptions>(SecurityOptions.Section)
            .AddHelpDeskOptions<JobsOptions>(JobsOptions.Section)
            .AddHelpDeskOptions<Infrastructure.Sms.SmsOptions>(Infrastructure.Sms.SmsOptions.Section)
            .AddHelpDeskOptions<Features.Customers.CustomerOptions>(Features.Customers.CustomerOptions.Section)
            .AddHelpDeskOptions<Features.Surveys.SurveyOptions>(Features.Surveys.SurveyOptions.Section)
            .AddHelpDeskOptions<Features.Channels.ChannelOptions>(Features.Channels.ChannelOptions.Section)
            .AddHelpDeskOptions<Features.Channels.Phone.PhoneOptions>(Features.Channels.Phone.PhoneOptions.Section)
            .AddHelpDeskOptions<Features.Analytics.QualityOptions>(Features.Analytics.QualityOptions.Section)
            .AddHelpDeskOptions<Features.Analytics.HotspotsOptions>(Features.Analytics.HotspotsOptions.Section);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<HelpDeskOptions>, PublicBaseUrlRequired>();
        services.AddScoped<PublicAddress>();
        services.AddSingleton<Brand>();
        services.AddScoped<Features.Account.SignInThrottle>();
        services.AddScoped<Features.Admin.People.StaffAccounts>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BusinessTime>();
        services.AddHttpContextAccessor();
        services.AddScoped<Features.Customers.CustomerLinks>();
        services.AddScoped<Features.Shared.TicketNumbers>();
        services.AddScoped<Features.Shared.HeldFiles>();
        services.AddSingleton<Features.Channels.ThreadKeys>();
        services.AddScoped<Features.Channels.Threading>();
        services.AddScoped<Features.Channels.Mail.ChannelMail>();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        Features.Channels.WeChat.WeChatSetup.AddHelpDeskWeChat(services, jobs.Enabled && jobs.Outbox.Enabled);
        services.AddHelpDeskChat();
        services.AddHelpDeskLocalization();
        services.AddHelpDeskAuthentication(builder.Environment);
        services.AddHelpDeskForwardedHeaders(builder.Configuration);
        services.AddHelpDeskStaticAssets();
        services.AddHelpDeskSlices(typeof(HelpDeskApp).Assembly, typeof(AuthorizationBehavior<,>));
        services.AddSingleton<IMailTransport, SmtpOrPickupTransport>();
        services.AddSingleton<Infrastructure.Sms.ISmsTransport, Infrastructure.Sms.PickupSmsTransport>();
        void Job<TJob>(JobOptions job)
            where TJob : class, IHostedService
        {
            if (jobs.Enabled && job.Enabled)
            {
                services.AddHostedService<TJob>();
            }
        }

        Job<OutboxJob>(jobs.Outbox);
        Job<SmsJob>(jobs.Outbox);
        Job<SlaMonitorJob>(jobs.SlaMonitor);
        Job<ChecklistJob>(jobs.Checklist);
        Job<ReportRollupJob>(jobs.ReportRollup);
        Job<QualityCheckJob>(jobs.QualityCheck);
        Job<ChatQueueJob>(jobs.ChatQueue);
        if (jobs.Enabled)
        {
            if (builder.Configuration.GetSection(Features.Channels.ChannelOptions.Section).Get<Features.Channels.ChannelOptions>()?.Mail is { Mailboxes.Count: > 0 } mail)
            {
                services.AddSingleton<MailWake>();
                services.AddHostedService<MailPollJob>();
                if (mail.Idle)
                {
                    services.AddHostedService<MailIdleJob>();
                }
            }
        }

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new CleanStringJsonConverter());
        });

        // A body that cannot be read is an exception in every environment, so ApiProblems names the field in a 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        Features.Live.LiveSetup.AddHelpDeskLive(services, redis);
        services.AddHelpDeskDrain(builder.Configuration);
        services.AddExceptionHandler<ApiProblems>();
        // Every page declares its lower-case route itself; generated URLs keep route values as they are, because
        // a magic-link token is case-sensitive.
        services.AddRouting();

        // Chinese text is written as UTF-8, not as &#x...; entities (still HTML-encoded where it must be).
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Features";
                options.Conventions.AuthorizeFolder("/Agent", Authentication.AgentArea);
                options.Conventions.AuthorizeFolder("/Supervisor", Authentication.SupervisorArea);
                options.Conventions.AuthorizeFolder("/Admin", Authentication.AdminArea);
                options.Conventions.AuthorizeFolder("/Knowledge", Authentication.KnowledgeArea);
                options.Conventions.AuthorizeFolder("/Analytics", Authentication.AnalyticsArea);
                options.Conventions.AuthorizePage("/Knowledge/Synonyms", Authentication.KnowledgeManagers);
            })
            .AddMvcOptions(options =>
            {
                options.Filters.Add<RefusalPageFilter>();
                options.ModelBinderProviders.Insert(0, new BooleanBinderProvider());
                options.ModelBinderProviders.Insert(0, new CleanStringBinderProvider());
            })
            .AddViewLocalization();
        return builder;
    }

    public static async Task<WebApplication> UseHelpDeskAsync(this WebApplication app)
    {
        app.UseHelpDeskForwardedHeaders();
        app.UseHelpDeskRequestLogging();
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }

        // The API answers problems as JSON in every environment (the developer page would show HTML and a stack trace):
        // ApiProblems maps refusals, anything else becomes a bare 500 problem.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), api => api.UseExceptionHandler());
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseSecurityHeaders();
        app.UseHelpDeskStaticAssets();
        app.UseRequestLocalization();
        app.UseHelpDeskChatCors();
        app.UseRouting();
        app.UseRouteForLogging();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapRazorPages();
        app.MapOpenApi();
        Features.Api.Orders.MapOrdersApi(app);
        Features.Channels.Mail.MailWebhook.MapMailWebhook(app);
        Features.Channels.ImWebhook.MapImWebhook(app);
        Features.Channels.Phone.CallWebhook.MapCallWebhook(app);
        Features.Channels.WeChat.WeChatSetup.MapHelpDeskWeChat(app);
        app.MapHub<Features.Live.TicketHub>(Features.Live.TicketHub.Path);
        Features.Chat.ChatApi.MapChatApi(app);
        app.MapHub<Features.Chat.ChatHub>(Features.Chat.ChatHub.Path);

        await app.UseHelpDeskDatabaseAsync();
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Seed:DemoData", false))
        {
            app.Lifetime.ApplicationStarted.Register(() => DemoSeeder.PrintSignInHelp(app));
        }

        return app;
    }
}
