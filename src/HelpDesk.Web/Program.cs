using HelpDesk.Web;
using HelpDesk.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddHelpDesk();
}
catch (DatabaseSetupException ex)
{
    // No database to be had (no PostgreSQL binaries, or no connection string in Production): say what to do.
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

var app = builder.Build();
await app.UseHelpDeskAsync();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
