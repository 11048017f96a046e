using System.Net;
using AngleSharp.Html.Parser;
using HelpDesk.Web.Data.Seed;
using HelpDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace HelpDesk.Web.Tests;

/// <summary>Two app instances on one PostgreSQL: what one instance protects (forms, sign-in) the other reads.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private HelpDeskFactory _a = null!;
    private HelpDeskFactory _b = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync();
        _a = new HelpDeskFactory(database);
        _b = new HelpDeskFactory(database);
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_form_from_one_instance_signs_in_on_another_and_the_session_works_on_both()
    {
        using var a = _a.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var b = _b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var form = await a.GetAsync("/account/login");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.AgentEmail, ["Input.Password"] = DemoSeeder.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await b.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode); // B read A's antiforgery token
        var session = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("helpdesk.auth=", StringComparison.Ordinal));
        foreach (var instance in new[] { a, b })
        {
            using var queue = new HttpRequestMessage(HttpMethod.Get, "/agent/tickets");
            queue.Headers.Add("Cookie", session);
            Assert.Equal(HttpStatusCode.OK, (await instance.SendAsync(queue)).StatusCode);
        }

        // The key ring both used is the one in PostgreSQL, not a folder of either process.
        var keys = await _a.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.Contains(keys, xml => xml != null && xml.Contains("<key id=", StringComparison.Ordinal));
    }
}
