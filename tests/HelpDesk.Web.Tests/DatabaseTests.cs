using HelpDesk.Domain.Audit;
using HelpDesk.Domain.Tickets;
using HelpDesk.Web.Data;
using HelpDesk.Web.Infrastructure;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelpDesk.Web.Tests;

/// <summary>The schema and what the database itself guarantees.</summary>
public sealed class DatabaseTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task The_migrations_match_the_model() =>
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));

    [Fact]
    public async Task Ticket_numbers_come_from_a_sequence_and_are_unique()
    {
        var numbers = await app.WithDbAsync(async db =>
        {
            var customer = await db.Customers.FirstAsync();
            var tickets = Enumerable.Range(0, 3)
                .Select(i => Ticket.Open($"序列测试 {i}", TicketCategory.Logistics, TicketPriority.Low, Channel.Email, customer.Id, customer.Name, "内容", Now))
                .ToList();
            db.Tickets.AddRange(tickets);
            await db.SaveChangesAsync();
            return tickets.Select(t => t.Number).ToList();
        });

        Assert.All(numbers, n => Assert.True(n > 100_000));
        Assert.Equal(3, numbers.Distinct().Count());
        Assert.Equal(numbers.Order(), numbers);
    }

    [Fact]
    public async Task Two_agents_saving_the_same_ticket_never_overwrite_each_other()
    {
        await using var scopeA = app.Factory.Services.CreateAsyncScope();
        await using var scopeB = app.Factory.Services.CreateAsyncScope();
        var dbA = scopeA.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var dbB = scopeB.ServiceProvider.GetRequiredService<HelpDeskDbContext>();
        var id = await dbA.Tickets.Where(t => t.Status == TicketStatus.Open).Select(t => t.Id).FirstAsync();
        var ticketA = await dbA.Tickets.SingleAsync(t => t.Id == id);
        var ticketB = await dbB.Tickets.SingleAsync(t => t.Id == id);

        ticketA.ChangePriority(TicketPriority.Urgent, TestActors.Staff, Now);
        await dbA.SaveChangesAsync();
        ticketB.ChangePriority(TicketPriority.Low, TestActors.Staff, Now);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
        Assert.Equal(TicketPriority.Urgent, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == id).Select(t => t.Priority).SingleAsync()));
    }

    [Fact]
    public async Task The_audit_trail_is_append_only()
    {
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new AuditEntry(Now, null, "system", "ticket", "1", "ticket.created"));
            return await db.SaveChangesAsync();
        });

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_contact_belongs_to_one_customer_only()
    {
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var taken = await db.CustomerContacts.FirstAsync();
            var other = new Domain.Customers.Customer("冒名顾客", Domain.Customers.CustomerTier.Regular, Now);
            other.AddContact(taken.Kind, taken.Value);
            db.Customers.Add(other);
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(ex.InnerException).SqlState);
    }
}

/// <summary>The demo data a developer sees on first run (its own database: other classes add rows).</summary>
public sealed class DemoDataTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_demo_data_has_every_category_channel_status_and_priority()
    {
        var tickets = await app.WithDbAsync(db => db.Tickets.Select(t => new { t.Category, t.Channel, t.Status, t.Priority }).ToListAsync());

        Assert.Equal(300, tickets.Count);
        Assert.Equal(Enum.GetValues<TicketCategory>().Length, tickets.Select(t => t.Category).Distinct().Count());
        Assert.Equal(Enum.GetValues<Channel>().Length, tickets.Select(t => t.Channel).Distinct().Count());
        Assert.Equal(Enum.GetValues<TicketStatus>().Length, tickets.Select(t => t.Status).Distinct().Count());
        Assert.Equal(Enum.GetValues<TicketPriority>().Length, tickets.Select(t => t.Priority).Distinct().Count());
        Assert.Equal(200, await app.WithDbAsync(db => db.Customers.CountAsync()));
        Assert.Equal(1000, await app.WithDbAsync(db => db.Orders.CountAsync()));
        Assert.Equal(21, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.True(await app.WithDbAsync(db => db.Shipments.Select(s => s.Status).Distinct().CountAsync()) >= 5);
    }
}

/// <summary>The embedded cluster on its own: created once, reused on the next start, and a clear message without binaries.</summary>
public sealed class EmbeddedPostgresTests
{
    [Fact]
    public void Without_server_binaries_the_message_says_what_to_install_or_configure()
    {
        var ex = Assert.Throws<DatabaseSetupException>(() =>
            EmbeddedPostgres.Start(Path.Combine(Path.GetTempPath(), "never-created"), binDirectory: "/nonexistent/bin"));

        Assert.Contains("apt-get install postgresql", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__HelpDesk", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_start_reuses_the_data_of_the_first()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"helpdesk-embedded-{Guid.NewGuid():N}");
        try
        {
            using (var first = EmbeddedPostgres.Start(directory))
            {
                first.EnsureDatabase("helpdesk");
                await ExecuteAsync(first.ConnectionString("helpdesk"), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
            }

            using var second = EmbeddedPostgres.Start(directory);
            await using var connection = new NpgsqlConnection(second.ConnectionString("helpdesk"));
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT v FROM kept", connection);
            Assert.Equal("still here", await read.ExecuteScalarAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            File.Delete(directory + ".password");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The app as a process: without a database to be had it says what to do, in one message.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Development", "apt-get install postgresql")]
    [InlineData("Production", "ConnectionStrings__HelpDesk")]
    public async Task Without_a_database_the_app_exits_with_one_clear_message(string environment, string advice)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "HelpDesk.Web.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["ConnectionStrings__HelpDesk"] = string.Empty;
        info.Environment["EmbeddedPostgres__BinDirectory"] = "/nonexistent/bin";

        using var process = System.Diagnostics.Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        var output = await stderr + await stdout;
        Assert.Contains(advice, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
