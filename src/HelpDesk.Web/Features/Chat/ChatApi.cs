using MediatR;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Chat;

/// <summary>
/// The widget's HTTP calls beside the hub (CORS as the hub, <see cref="ChatSetup.UseHelpDeskChatCors"/>): open or
/// resume the chat, send a photo (multipart: <c>photo</c>, <c>clientId</c>, the session token in
/// <c>X-Chat-Session</c>; 413 over the size limit, 400 for a file that is not an image by its content), and fetch a
/// photo of the chat (the token in the query, as an <c>&lt;img&gt;</c> cannot send headers). No cookies are read.
/// </summary>
public static class ChatApi
{
    public const string Prefix = "/api/v1/chat";
    public const string SessionHeader = "X-Chat-Session";

    public sealed record StartBody(string? Visitor, Start.Identity? Identity);

    public static void MapChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup(Prefix).WithTags("Chat").ExcludeFromDescription();
        chat.MapPost("/sessions", async (StartBody? body, IMediator mediator, HttpContext http) =>
            Results.Ok(await mediator.Send(new Start.Command(body?.Visitor, body?.Identity), http.RequestAborted)));

        chat.MapPost("/photos", async (HttpContext http, IMediator mediator, IOptions<ChatOptions> options) =>
        {
            var limit = options.Value.PhotoMaxBytes;
            if (http.Request.ContentLength > limit + 16 * 1024)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            if (!http.Request.HasFormContentType)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest);
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit + 16 * 1024;
            }

            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit + 16 * 1024, ValueCountLimit = 10 }, http.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            var files = await Upload.ReadAsync(form.Files.GetFiles("photo") is [var first, ..] ? [first] : Array.Empty<IFormFile>(), http.RequestAborted);
            var sent = await mediator.Send(new Send.Command(http.Request.Headers[SessionHeader].ToString(), form["clientId"].ToString(), form["text"].ToString(), files.Count > 0 ? files[0] : null), http.RequestAborted);
            return Results.Ok(sent);
        }).DisableAntiforgery();

        chat.MapGet("/photos/{id:long}", async (long id, string? session, IMediator mediator, HttpContext http) =>
        {
            if (await mediator.Send(new Transcript.Photo(session, id), http.RequestAborted) is not { } photo)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, max-age=3600";
            return Results.File(photo.Data, photo.ContentType, "photo" + id + (photo.ContentType == "image/png" ? ".png" : ".jpg"));
        });
    }
}
