using System.Net;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Infrastructure;

/// <summary>
/// Where links sent to people (customers' ticket links, staff unlock links) point: <c>HelpDesk:PublicBaseUrl</c>,
/// which is required outside Development. Without it (Development, tests) the address of the request being served is
/// used only when its host is this machine (localhost, 127.0.0.1, ::1) or listed in <c>HelpDesk:LinkHosts</c> — never a
/// Host header someone else chose ("find my ticket" with <c>Host: evil.example</c> must not mail a link to evil.example).
/// </summary>
public sealed class PublicAddress(IOptions<HelpDeskOptions> options, IHttpContextAccessor http)
{
    public const string Fallback = "http://localhost:5080";

    public string BaseUrl
    {
        get
        {
            var desk = options.Value;
            if (desk.PublicBaseUrl.Length > 0)
            {
                return desk.PublicBaseUrl.TrimEnd('/');
            }

            var request = http.HttpContext?.Request;
            var host = request?.Host.Host;
            var trusted = host is not null && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))
                || desk.LinkHosts.Contains(host, StringComparer.OrdinalIgnoreCase));
            return trusted ? $"{request!.Scheme}://{request.Host}" : Fallback;
        }
    }
}

/// <summary>Outside Development (and the test environment) links must not depend on the request: a public base URL is required.</summary>
public sealed class PublicBaseUrlRequired(IHostEnvironment environment) : IValidateOptions<HelpDeskOptions>
{
    public ValidateOptionsResult Validate(string? name, HelpDeskOptions options) =>
        options.PublicBaseUrl.Length == 0 && !environment.IsDevelopment() && !environment.IsEnvironment("Testing")
            ? ValidateOptionsResult.Fail("HelpDesk:PublicBaseUrl must be set outside Development (e.g. HelpDesk__PublicBaseUrl=https://help.example.com): links in e-mails point there.")
            : ValidateOptionsResult.Success;
}
