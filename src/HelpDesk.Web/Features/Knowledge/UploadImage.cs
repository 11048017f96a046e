using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Data.Configurations;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// A picture for an article (the editor's "insert picture", <see cref="EditModel.OnPostImageAsync"/>): checked like a
/// ticket's attachment (size, type by content; png, jpeg, gif, webp), stored in PostgreSQL apart from its metadata,
/// owned by the article, and answered with its Markdown <c>![alt](/help/images/{id}/{name})</c>. Only an editor who may
/// edit the article may add one (another department's article is not found).
/// </summary>
public static class UploadImage
{
    public sealed record Command(int ArticleId, Upload? Image, string? ImageAlt, Editor Editor, DateTimeOffset Now) : ICommand<Uploaded>;

    public sealed record Uploaded(long Id, string Url, string Markdown);

    /// <summary>A picture of an article as the editor lists it.</summary>
    public sealed record Picture(long Id, string Url, string FileName, long Size);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Image).NotNull().WithMessage(_ => l["article.image.required"]);
            RuleFor(c => c.Image!).Custom((image, context) =>
            {
                try
                {
                    ArticleImage.Accept(0, image.FileName, image.Content.LongLength, image.Content, Guid.Empty, DateTimeOffset.MinValue);
                }
                catch (DomainException ex)
                {
                    context.AddFailure(nameof(Command.Image), l[ex.Key, [.. ex.Arguments]]);
                }
            }).When(c => c.Image is not null);
            RuleFor(c => c.ImageAlt).MaximumLength(ArticleImage.AltMaxLength).WithMessage(_ => l["article.image.alt.too_long", ArticleImage.AltMaxLength]);
        }
    }

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Command, Uploaded>
    {
        public async Task<Uploaded> Handle(Command request, CancellationToken cancellationToken)
        {
            var owner = await db.Articles.AsNoTracking().Where(a => a.Id == request.ArticleId).Select(a => new { a.DepartmentId }).SingleOrDefaultAsync(cancellationToken);
            if (owner is null || !request.Editor.MayEdit(owner.DepartmentId))
            {
                throw new NotFoundException("article.not_found");
            }

            var upload = request.Image ?? throw new DomainException("article.image.required");
            var image = ArticleImage.Accept(request.ArticleId, upload.FileName, upload.Content.LongLength, upload.Content, request.Editor.Id, request.Now);
            db.ArticleImages.Add(image);
            db.ArticleImageContents.Add(new ArticleImageContent { Image = image, Data = upload.Content });
            await db.SaveChangesAsync(cancellationToken);
            return new Uploaded(image.Id, image.Url, image.Markdown(request.ImageAlt));
        }
    }

    /// <summary>The article's pictures, newest first (metadata only; the index on article_id serves it).</summary>
    public static async Task<IReadOnlyList<Picture>> PicturesOfAsync(HelpDeskDbContext db, int articleId, CancellationToken cancellationToken) =>
        [.. (await db.ArticleImages.AsNoTracking().Where(i => i.ArticleId == articleId).OrderByDescending(i => i.Id)
            .Select(i => new { i.Id, i.UrlName, i.FileName, i.Size }).ToListAsync(cancellationToken))
            .Select(i => new Picture(i.Id, $"{ArticleImage.UrlPrefix}{i.Id}/{i.UrlName}", i.FileName, i.Size))];

    /// <summary>The editor's script asks for JSON; a browser without it gets the page back.</summary>
    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The answer to the script: the Markdown, or the messages per field (400).</summary>
    public static IActionResult Json(SendResult<Uploaded> result, ModelStateDictionary state) => result.Succeeded
        ? new JsonResult(new { markdown = result.Value.Markdown, url = result.Value.Url })
        : new JsonResult(new
        {
            errors = state.Where(e => e.Value is { Errors.Count: > 0 })
                .ToDictionary(e => e.Key.Length == 0 ? "form" : e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray()),
        })
        { StatusCode = StatusCodes.Status400BadRequest };
}
