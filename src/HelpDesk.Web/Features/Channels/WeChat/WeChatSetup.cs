using HelpDesk.Web.Features.Channels.Outbound;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HelpDesk.Web.Features.Channels.WeChat;

/// <summary>The services and endpoints of WeChat, the outbound IM webhook and the stored channel settings (issue 13 items 5, 6, 8).</summary>
public static class WeChatSetup
{
    public static IServiceCollection AddHelpDeskWeChat(this IServiceCollection services, bool jobs)
    {
        services.AddScoped<ChannelSecrets>();
        services.AddScoped<ReplyWindow>();
        services.AddSingleton<WeChatApi>();
        services.AddSingleton<ImReplyWebhook>();
        services.AddHttpClient(WeChatApi.Client, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(ImReplyWebhook.Client, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.ConfigureAll<OpenApiOptions>(o => o.AddDocumentTransformer(async (document, context, cancellationToken) =>
        {
            // The outbound reply webhook is called by the desk, not served: OpenAPI 3.1's "webhooks" describes it.
            var schema = await context.GetOrCreateSchemaAsync(typeof(ImReplyWebhook.ReplyBody), null, cancellationToken);
            document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
            document.Webhooks["imReply"] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = "ImReply",
                        Summary = "An agent's public reply to a gateway's customer (version 1), POSTed to HelpDesk:Channels:Im:Gateways:{name}:ReplyUrl, HMAC-SHA256-signed like the inbound webhook (X-HelpDesk-Timestamp, X-HelpDesk-Signature: sha256= of \"{timestamp}.\" + body); X-HelpDesk-Delivery is stable across retries. Answer 2xx; 5xx/408/429 are retried with backoff, other 4xx are final.",
                        RequestBody = new OpenApiRequestBody { Required = true, Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } } },
                        Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Delivered." } },
                    },
                },
            };
        }));
        if (jobs)
        {
            services.AddHostedService<Jobs.ChannelReplyJob>();
        }

        return services;
    }

    public static void MapHelpDeskWeChat(this IEndpointRouteBuilder app) => app.MapWeChatWebhook();
}
