using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HelpDesk.Web.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app (and its embedded cluster).
/// Adding a migration needs no server; <c>database update</c> is done by the app itself at start-up.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HelpDeskDbContext>
{
    public HelpDeskDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<HelpDeskDbContext>()
        .UseNpgsql("Host=localhost;Database=helpdesk_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .Options);
}
