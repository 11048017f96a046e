using HelpDesk.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddHelpDesk();

var app = builder.Build();
await app.UseHelpDeskAsync();
await app.RunAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
