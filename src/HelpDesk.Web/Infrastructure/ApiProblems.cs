using FluentValidation;
using HelpDesk.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// For /api requests, turns a slice's refusal into ProblemDetails: validation → 400 with per-field errors,
/// not found → 404, not allowed → 403, a business rule → 422, a concurrency conflict → 409. Anything else is left to
/// the generic 500 handler.
/// </summary>
public sealed class ApiProblems(IStringLocalizer<Strings> localizer) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already re-pointed the request at the error page; the feature keeps the original path.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (!new PathString(path ?? string.Empty).StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ProblemDetails? problem = exception switch
        {
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => Unreadable(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = localizer["api.body.invalid", string.Empty],
            },
            ValidationException validation => new ValidationProblemDetails(validation.Errors
                .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray(), StringComparer.Ordinal))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = localizer["error.validation"],
            },
            DomainException rule => new ProblemDetails
            {
                Status = rule switch
                {
                    NotFoundException => StatusCodes.Status404NotFound,
                    ForbiddenException => StatusCodes.Status403Forbidden,
                    _ => StatusCodes.Status422UnprocessableEntity,
                },
                Title = localizer[rule.Key, [.. rule.Arguments]],
                Type = rule.Key,
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = localizer["error.concurrency"],
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.Clear();
        httpContext.Response.StatusCode = problem.Status!.Value;
        await httpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    /// <summary>A body that is not the JSON it should be: the field is the JSON path ("lines[0].quantity"), as in other 400s.</summary>
    private ValidationProblemDetails Unreadable(System.Text.Json.JsonException json)
    {
        var field = json.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "body";
        var message = json.Message == CleanStringJsonConverter.Refusal ? localizer["text.invalid_characters"].Value : localizer["api.body.invalid", field].Value;
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = localizer["error.validation"],
        };
    }
}
