using FluentValidation;
using HelpDesk.Domain.Common;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Base of the pages: sends a slice request and turns refusals into messages on the page —
/// validation failures per field (under <c>prefix</c>), rule and concurrency refusals in the summary.
/// </summary>
public abstract class SlicePageModel : PageModel
{
    protected IMediator Mediator => HttpContext.RequestServices.GetRequiredService<IMediator>();

    protected IStringLocalizer L => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();

    protected Task<TResponse> QueryAsync<TResponse>(IQuery<TResponse> query) => Mediator.Send(query, HttpContext.RequestAborted);

    protected async Task<SendResult<TResponse>> SendAsync<TResponse>(ICommand<TResponse> command, string prefix = "Input")
    {
        // What could not even be read from the form ("abc" for a number) is already a message on its field: nothing is sent.
        if (!ModelState.IsValid)
        {
            return new SendResult<TResponse>(false, default!, false);
        }

        try
        {
            return new SendResult<TResponse>(true, await Mediator.Send(command, HttpContext.RequestAborted), false);
        }
        catch (ValidationException ex)
        {
            foreach (var failure in ex.Errors)
            {
                var key = string.IsNullOrEmpty(failure.PropertyName) || string.IsNullOrEmpty(prefix)
                    ? failure.PropertyName
                    : $"{prefix}.{failure.PropertyName}";
                ModelState.AddModelError(key, failure.ErrorMessage);
            }
        }
        catch (DomainException ex) when (ex is not (NotFoundException or ForbiddenException))
        {
            ModelState.AddModelError(string.Empty, RuleMessage(ex));
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, L["error.concurrency"]);
            return new SendResult<TResponse>(false, default!, true);
        }

        return new SendResult<TResponse>(false, default!, false);
    }

    /// <summary>A rule's message in the user's language (enum arguments as their labels).</summary>
    protected string RuleMessage(DomainException ex) => L[ex.Key, [.. ex.Arguments.Select(LocalizeArgument)]];

    private object LocalizeArgument(object argument) =>
        argument is Enum value ? L[$"enum.{value.GetType().Name}.{value}"].Value : argument;
}

/// <summary>
/// "Not found" and "not allowed" from any slice a page sends become the 404 and 403 pages (never a message on a page
/// about something the user may not know exists).
/// </summary>
public sealed class RefusalPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is NotFoundException or ForbiddenException && !executed.ExceptionHandled)
        {
            executed.Result = new StatusCodeResult(executed.Exception is NotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden);
            executed.ExceptionHandled = true;
        }
    }
}

/// <summary>The outcome of a command sent from a page; <see cref="Conflict"/> when somebody saved the same record first.</summary>
public readonly record struct SendResult<T>(bool Succeeded, T Value, bool Conflict);
