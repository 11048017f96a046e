using FluentValidation;
using HelpDesk.Domain.Common;
using HelpDesk.Domain.Knowledge;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Features.Knowledge;

/// <summary>
/// Writes one article (new without an id; <c>?translate={id}</c> starts the other language's version with the same
/// address, category, tags and products): Markdown text, category, audience, tags, products. Saving keeps it as it
/// is (a draft stays a draft); Publish, Unpublish and Archive change who can read it; every change of the text is a
/// version, and any version can be restored. Editors: supervisors and admins (every article; they set or clear its
/// department), and department liaisons (only their departments' articles: another's is a 404). Pictures are uploaded
/// here too (<see cref="UploadImage"/>): the page comes back with the Markdown to paste, or the script puts it at the cursor.
/// </summary>
public class EditModel(TimeProvider clock) : SlicePageModel
{
    [BindProperty]
    public Form Input { get; set; } = new();

    public Model? Article { get; private set; }

    public IReadOnlyList<ArticleCategory> Categories { get; private set; } = [];

    public IReadOnlyList<Editor.Choice> Departments { get; private set; } = [];

    public Editor Editor { get; private set; } = null!;

    /// <summary>The picture being uploaded, and its alt text (<see cref="OnPostImageAsync"/>).</summary>
    [BindProperty]
    public IFormFile? Image { get; set; }

    [BindProperty]
    public string? ImageAlt { get; set; }

    /// <summary>The Markdown of the picture just uploaded, to paste where it belongs.</summary>
    public string? Snippet { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    /// <summary>The ticket a draft made from an agent's reply came from (the page asks to remove personal data).</summary>
    public string? FromTicket { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, int? translate, long? fromReply)
    {
        await LoadChoicesAsync();
        Input.DepartmentId = Editor.Departments is [var own, ..] ? own : null;
        if (fromReply is { } messageId && id is null)
        {
            if (await QueryAsync(new FromReply(messageId, System.Globalization.CultureInfo.CurrentUICulture.Name == "en" ? Domain.Knowledge.Article.English : Domain.Knowledge.Article.Chinese)) is not { } draft)
            {
                return NotFound();
            }

            var department = Input.DepartmentId;
            (Input, FromTicket) = draft;
            Input.DepartmentId = department;
        }
        else if (id is { } existing)
        {
            if (await QueryAsync(new Query(existing, Editor)) is not { } article)
            {
                return NotFound();
            }

            Article = article;
            Input = article.Form;
        }
        else if (translate is { } source && await QueryAsync(new Query(source, Editor)) is { } original)
        {
            Input = original.Form with
            {
                Language = original.Form.Language == Domain.Knowledge.Article.English ? Domain.Knowledge.Article.Chinese : Domain.Knowledge.Article.English,
                Title = null,
                Body = null,
            };
        }

        return Page();
    }

    public Task<IActionResult> OnPostAsync(int? id) => ActAsync(id, Act.Save, null);

    public Task<IActionResult> OnPostPublishAsync(int? id) => ActAsync(id, Act.Publish, null);

    public Task<IActionResult> OnPostUnpublishAsync(int? id) => ActAsync(id, Act.Unpublish, null);

    public Task<IActionResult> OnPostArchiveAsync(int? id) => ActAsync(id, Act.Archive, null);

    public Task<IActionResult> OnPostRestoreAsync(int? id, int version) => ActAsync(id, Act.Restore, version);

    private async Task<IActionResult> ActAsync(int? id, Act act, int? version)
    {
        await LoadChoicesAsync();
        var result = await SendAsync(new Save(id, Input, act, version, Editor, clock.GetUtcNow()), prefix: string.Empty);
        if (result.Succeeded)
        {
            Flash = L["article.flash." + act.ToString().ToLowerInvariant()];
            return RedirectToPage(new { id = result.Value });
        }

        Article = id is { } existing ? await QueryAsync(new Query(existing, Editor)) : null;
        return Page();
    }

    /// <summary>Stores a picture of the (saved) article; the form's unsaved text comes back as it was posted.</summary>
    public async Task<IActionResult> OnPostImageAsync(int id)
    {
        await LoadChoicesAsync();
        var upload = Image is { Length: > 0 } file ? (await Upload.ReadAsync([file], HttpContext.RequestAborted))[0] : null;
        var result = await SendAsync(new UploadImage.Command(id, upload, ImageAlt, Editor, clock.GetUtcNow()), prefix: string.Empty);
        if (UploadImage.WantsJson(Request))
        {
            return UploadImage.Json(result, ModelState);
        }

        Snippet = result.Succeeded ? result.Value.Markdown : null;
        Article = await QueryAsync(new Query(id, Editor));
        return Article is null ? NotFound() : Page();
    }

    private async Task LoadChoicesAsync()
    {
        Editor = await Editor.OfAsync(Mediator, User, HttpContext.RequestAborted);
        Categories = await QueryAsync(new CategoriesQuery());
        Departments = await QueryAsync(new Editor.DepartmentsQuery(Editor));
    }

    public enum Act
    {
        Save,
        Publish,
        Unpublish,
        Archive,
        Restore,
    }

    public sealed record Form
    {
        public string? Slug { get; set; }

        public string Language { get; set; } = Domain.Knowledge.Article.Chinese;

        public int CategoryId { get; set; }

        /// <summary>The owning department team (liaisons: one of theirs, fixed when they have one).</summary>
        public int? DepartmentId { get; set; }

        public ArticleAudience Audience { get; set; }

        public string? Title { get; set; }

        public string? Body { get; set; }

        public string? Tags { get; set; }

        public string? Products { get; set; }

        public static IEnumerable<string> List(string? text) => (text ?? string.Empty).Split([',', '，', '、', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    public sealed record Model(int Id, ArticleStatus Status, Form Form, string Html, IReadOnlyList<Version> Versions, (int Id, string Language, ArticleStatus Status)? Translation, int Helpful, int NotHelpful)
    {
        public IReadOnlyList<UploadImage.Picture> Images { get; init; } = [];
    }

    public sealed record Version(int Number, string Title, string ByName, DateTimeOffset At);

    public sealed record CategoriesQuery : IQuery<IReadOnlyList<ArticleCategory>>;

    public sealed class CategoriesHandler(HelpDeskDbContext db) : IRequestHandler<CategoriesQuery, IReadOnlyList<ArticleCategory>>
    {
        public async Task<IReadOnlyList<ArticleCategory>> Handle(CategoriesQuery request, CancellationToken cancellationToken) =>
            await db.ArticleCategories.AsNoTracking().OrderBy(c => c.Position).ToListAsync(cancellationToken);
    }

    /// <summary>The article if the editor may edit it (another department's is not found).</summary>
    public sealed record Query(int Id, Editor Editor) : IQuery<Model?>;

    public sealed class Handler(HelpDeskDbContext db) : IRequestHandler<Query, Model?>
    {
        public async Task<Model?> Handle(Query request, CancellationToken cancellationToken)
        {
            var a = await db.Articles.AsNoTracking().Include(x => x.Versions).SingleOrDefaultAsync(x => x.Id == request.Id, cancellationToken);
            if (a is null || !request.Editor.MayEdit(a.DepartmentId))
            {
                return null;
            }

            var translation = await db.Articles.AsNoTracking().Where(x => x.Slug == a.Slug && x.Id != a.Id)
                .Select(x => new { x.Id, x.Language, x.Status }).FirstOrDefaultAsync(cancellationToken);
            var form = new Form
            {
                Slug = a.Slug, Language = a.Language, CategoryId = a.CategoryId, DepartmentId = a.DepartmentId, Audience = a.Audience, Title = a.Title, Body = a.Body,
                Tags = string.Join(", ", a.Tags), Products = string.Join(", ", a.Products),
            };
            return new Model(a.Id, a.Status, form, ArticleText.Html(a.Body),
                [.. a.Versions.OrderByDescending(v => v.Number).Select(v => new Version(v.Number, v.Title, v.ByName, v.At))],
                translation is null ? null : (translation.Id, translation.Language, translation.Status), a.Helpful, a.NotHelpful)
            {
                Images = await UploadImage.PicturesOfAsync(db, a.Id, cancellationToken),
            };
        }
    }

    /// <summary>
    /// "Turn this reply into an article": a draft from an agent's public reply — title from the ticket's subject, body
    /// from the reply, section from the ticket's category (<see cref="ArticleSections"/>), public, address
    /// <c>reply-{id}</c> to be changed. Only text the customer already received; nothing is saved until the editor saves.
    /// </summary>
    public sealed record FromReply(long MessageId, string Language) : IQuery<(Form Form, string Ticket)?>;

    public sealed class FromReplyHandler(HelpDeskDbContext db) : IRequestHandler<FromReply, (Form Form, string Ticket)?>
    {
        public async Task<(Form Form, string Ticket)?> Handle(FromReply request, CancellationToken cancellationToken)
        {
            var reply = await (
                from m in db.TicketMessages.AsNoTracking()
                where m.Id == request.MessageId && m.Kind == Domain.Tickets.MessageKind.PublicReply
                join t in db.Tickets on m.TicketId equals t.Id
                select new { m.Body, t.Subject, t.Category, t.Number })
                .SingleOrDefaultAsync(cancellationToken);
            if (reply is null)
            {
                return null;
            }

            var section = ArticleSections.SlugFor(reply.Category);
            var categoryId = await db.ArticleCategories.AsNoTracking().Where(c => c.Slug == section || c.Slug == "faq")
                .OrderBy(c => c.Slug == section ? 0 : 1).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            var title = reply.Subject.Length > Domain.Knowledge.Article.TitleMaxLength ? reply.Subject[..Domain.Knowledge.Article.TitleMaxLength] : reply.Subject;
            return (new Form
            {
                Slug = $"reply-{request.MessageId}",
                Language = request.Language,
                CategoryId = categoryId,
                Audience = ArticleAudience.Public,
                Title = title,
                Body = reply.Body,
            }, Domain.Tickets.Ticket.FormatNumber(reply.Number));
        }
    }

    public sealed record Save(int? Id, Form Input, Act Act, int? Version, Editor Editor, DateTimeOffset Now) : ICommand<int>;

    public sealed class SaveValidator : AbstractValidator<Save>
    {
        public SaveValidator(IStringLocalizer<Strings> l)
        {
            RuleFor(c => c.Input.Slug).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["article.slug"]);
            RuleFor(c => c.Input.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["article.title.required"])
                .MaximumLength(Domain.Knowledge.Article.TitleMaxLength).WithMessage(_ => l["article.title.too_long", Domain.Knowledge.Article.TitleMaxLength]);
            RuleFor(c => c.Input.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage(_ => l["article.body.required"])
                .MaximumLength(Domain.Knowledge.Article.BodyMaxLength).WithMessage(_ => l["article.body.too_long", Domain.Knowledge.Article.BodyMaxLength]);
            RuleFor(c => c.Input.Language).Must(x => x is Domain.Knowledge.Article.Chinese or Domain.Knowledge.Article.English).WithMessage(_ => l["article.language"]);
            RuleFor(c => c.Input.Tags).MaximumLength(500).WithMessage(_ => l["canned.tags.too_long", 500]);
            RuleFor(c => c.Input.Products).MaximumLength(500).WithMessage(_ => l["canned.tags.too_long", 500]);
        }
    }

    public sealed class SaveHandler(HelpDeskDbContext db) : IRequestHandler<Save, int>
    {
        public async Task<int> Handle(Save request, CancellationToken cancellationToken)
        {
            var (f, by, now) = (request.Input, request.Editor, request.Now);
            if (!await db.ArticleCategories.AnyAsync(c => c.Id == f.CategoryId, cancellationToken))
            {
                throw new DomainException("article.category.unknown");
            }

            var slug = Domain.Knowledge.Article.CheckSlug(f.Slug);
            Article article;
            if (request.Id is { } id)
            {
                article = await db.Articles.Include(a => a.Versions).SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new NotFoundException("article.not_found");
                if (!by.MayEdit(article.DepartmentId))
                {
                    throw new NotFoundException("article.not_found");
                }

                article.Edit(f.CategoryId, f.Audience, f.Title!, f.Body!, Form.List(f.Tags), Form.List(f.Products), by.Id, by.Name, now);
            }
            else
            {
                if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Language == f.Language, cancellationToken))
                {
                    throw new DomainException("article.slug.taken", slug);
                }

                article = new Article(slug, f.Language, f.CategoryId, f.Audience, f.Title!, f.Body!, Form.List(f.Tags), Form.List(f.Products), by.Id, by.Name, now);
                db.Articles.Add(article);
            }

            article.AssignTo(await DepartmentAsync(f.DepartmentId, by, cancellationToken), now);
            switch (request.Act)
            {
                case Act.Publish: article.Publish(now); break;
                case Act.Unpublish: article.Unpublish(now); break;
                case Act.Archive: article.Archive(now); break;
                case Act.Restore: article.Restore(request.Version ?? 0, by.Id, by.Name, now); break;
            }

            await db.SaveChangesAsync(cancellationToken);
            return article.Id;
        }

        /// <summary>The department the article goes to: a liaison's own (the only one, or the one chosen of theirs); any department team or none for the others.</summary>
        private async Task<int?> DepartmentAsync(int? chosen, Editor by, CancellationToken cancellationToken)
        {
            if (by.Departments is { } mine)
            {
                return chosen is { } c && mine.Contains(c) ? c
                    : mine.Count == 1 ? mine[0]
                    : throw new DomainException("article.department.yours");
            }

            return chosen is not { } d || await db.Teams.AnyAsync(t => t.Id == d && t.Kind == Domain.Teams.TeamKind.Department, cancellationToken)
                ? chosen
                : throw new DomainException("article.department.unknown");
        }
    }
}
