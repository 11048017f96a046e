using System.Text.Json;
using FluentValidation;
using HelpDesk.Domain.Customers;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace HelpDesk.Web.Tests;

/// <summary>The slice pipeline (log → validate → transaction → handler) on real PostgreSQL, with requests of its own.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestCluster.CreateDatabaseAsync();
        _services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_logs))
            .AddDbContext<HelpDeskDbContext>(options => options.UseNpgsql(connectionString))
            .AddHelpDeskSlices(typeof(PipelineTests).Assembly)
            .AddSignalR().Services
            .AddHelpDeskLocalization()
            .BuildServiceProvider();
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();

    [Fact]
    public async Task A_command_commits_everything_it_wrote()
    {
        var id = await SendAsync(new AddCustomer("测试顾客甲", FailAfterSaving: false));

        Assert.Equal(1, await SendAsync(new CountCustomersNamed("测试顾客甲")));
        Assert.True(id > 0);
    }

    [Fact]
    public async Task A_command_that_fails_after_saving_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(new AddCustomer("测试顾客乙", FailAfterSaving: true)));

        Assert.Equal(0, await SendAsync(new CountCustomersNamed("测试顾客乙")));
    }

    [Fact]
    public async Task An_invalid_command_is_refused_per_field_and_its_handler_never_runs()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => SendAsync(new AddCustomer(" ", FailAfterSaving: false)));

        var failure = Assert.Single(ex.Errors);
        Assert.Equal(nameof(AddCustomer.Name), failure.PropertyName);
        Assert.Equal(0, await SendAsync(new CountCustomersNamed(" ")));
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("handler ran", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_request_is_logged_with_its_slice_name_and_elapsed_milliseconds()
    {
        await SendAsync(new CountCustomersNamed("任何人"));

        Assert.Contains(_logs.Messages, m => m.StartsWith("Slice HelpDesk.Web.Tests.CountCustomersNamed handled in ", StringComparison.Ordinal) && m.EndsWith(" ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_a_page_a_validation_failure_becomes_a_message_on_its_field_and_nothing_is_written()
    {
        var page = NewPage();

        var result = await page.TrySendAsync(new AddCustomer("", FailAfterSaving: false));

        Assert.False(result.Succeeded);
        Assert.False(page.ModelState.IsValid);
        Assert.True(page.ModelState.ContainsKey("Input.Name"));
        Assert.Equal(0, await SendAsync(new CountCustomersNamed("")));
    }

    [Fact]
    public async Task On_a_page_a_broken_rule_becomes_a_localized_summary_message()
    {
        var page = NewPage();
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");

        var result = await page.TrySendAsync(new AddCustomer(new string('名', 101), FailAfterSaving: false));

        Assert.False(result.Succeeded);
        Assert.Equal("顾客姓名不能超过 100 个字符。", Assert.Single(page.ModelState[string.Empty]!.Errors).ErrorMessage);
    }

    [Fact]
    public async Task On_a_page_a_successful_command_returns_its_result()
    {
        var page = NewPage();

        var result = await page.TrySendAsync(new AddCustomer("测试顾客丙", FailAfterSaving: false));

        Assert.True(result.Succeeded);
        Assert.True(result.Value > 0);
        Assert.True(page.ModelState.IsValid);
    }

    [Fact]
    public async Task For_the_api_a_validation_failure_becomes_a_400_problem_with_per_field_errors()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().AddHelpDeskLocalization().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = "/api/v1/orders/JD1";
        context.Response.Body = new MemoryStream();
        var handler = new ApiProblems(services.GetRequiredService<IStringLocalizer<Strings>>());
        var failure = new ValidationException([new FluentValidation.Results.ValidationFailure("Lines[0].Quantity", "数量必须大于 0。")]);

        Assert.True(await handler.TryHandleAsync(context, failure, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("数量必须大于 0。", json.RootElement.GetProperty("errors").GetProperty("Lines[0].Quantity")[0].GetString());
    }

    [Theory]
    [InlineData("not_found", 404)]
    [InlineData("forbidden", 403)]
    [InlineData("rule", 422)]
    public async Task For_the_api_not_found_is_404_not_allowed_403_and_a_broken_rule_422(string kind, int status)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().AddHelpDeskLocalization().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = "/api/v1/orders/JD1";
        context.Response.Body = new MemoryStream();
        var handler = new ApiProblems(services.GetRequiredService<IStringLocalizer<Strings>>());
        HelpDesk.Domain.Common.DomainException refusal = kind switch
        {
            "not_found" => new HelpDesk.Domain.Common.NotFoundException("ticket.not_found"),
            "forbidden" => new HelpDesk.Domain.Common.ForbiddenException("error.forbidden"),
            _ => new HelpDesk.Domain.Common.DomainException("ticket.merged"),
        };

        Assert.True(await handler.TryHandleAsync(context, refusal, CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
    }

    [Fact]
    public async Task Outside_the_api_the_problem_handler_leaves_the_exception_to_the_error_page()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().AddHelpDeskLocalization().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = "/agent/tickets";
        var handler = new ApiProblems(services.GetRequiredService<IStringLocalizer<Strings>>());

        Assert.False(await handler.TryHandleAsync(context, new ValidationException("x"), CancellationToken.None));
    }

    private TestPage NewPage() => new()
    {
        PageContext = new Microsoft.AspNetCore.Mvc.RazorPages.PageContext
        {
            HttpContext = new DefaultHttpContext { RequestServices = _services.CreateScope().ServiceProvider },
        },
    };

    private async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }
}

public sealed record AddCustomer(string Name, bool FailAfterSaving) : ICommand<long>;

public sealed class AddCustomerValidator : AbstractValidator<AddCustomer>
{
    public AddCustomerValidator() => RuleFor(c => c.Name).NotEmpty();
}

public sealed class AddCustomerHandler(HelpDeskDbContext db, ILogger<AddCustomerHandler> logger) : IRequestHandler<AddCustomer, long>
{
    public async Task<long> Handle(AddCustomer request, CancellationToken cancellationToken)
    {
        logger.LogInformation("handler ran");
        var customer = new Customer(request.Name, CustomerTier.Regular, DateTimeOffset.UtcNow);
        db.Customers.Add(customer);
        await db.SaveChangesAsync(cancellationToken);
        return request.FailAfterSaving ? throw new InvalidOperationException("boom after saving") : customer.Id;
    }
}

public sealed record CountCustomersNamed(string Name) : IQuery<int>;

public sealed class CountCustomersNamedHandler(HelpDeskDbContext db) : IRequestHandler<CountCustomersNamed, int>
{
    public Task<int> Handle(CountCustomersNamed request, CancellationToken cancellationToken) =>
        db.Customers.CountAsync(c => c.Name == request.Name, cancellationToken);
}

public sealed class TestPage : SlicePageModel
{
    public Task<SendResult<T>> TrySendAsync<T>(ICommand<T> command) => SendAsync(command);
}
