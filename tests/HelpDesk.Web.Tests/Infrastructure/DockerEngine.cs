using System.Net.Sockets;
using System.Text.Json;

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// The few Docker Engine API calls the test run makes before Testcontainers takes over: is an engine there and
/// which API version does it speak, is an image here, pull one, find and remove the containers of earlier runs.
/// It uses the unversioned API paths, so it works with any engine, also with Debian's 20.10 (API 1.41 at most),
/// which refuses the API version Testcontainers asks for unless DOCKER_API_VERSION says otherwise.
/// The engine is DOCKER_HOST (<c>unix://</c> or <c>tcp://</c>), else <c>/var/run/docker.sock</c>.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly HttpClient _http;

    private DockerEngine(HttpClient http, string endpoint)
    {
        _http = http;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static DockerEngine FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } configured ? configured : "unix:///var/run/docker.sock";
        var uri = new Uri(host);
        if (uri.Scheme != "unix")
        {
            return new DockerEngine(new HttpClient { BaseAddress = new UriBuilder("http", uri.Host, uri.Port).Uri }, host);
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new DockerEngine(new HttpClient(handler) { BaseAddress = new Uri("http://docker/") }, host);
    }

    /// <summary>The engine's highest API version (e.g. "1.41"), or null when no engine answers within 5 seconds.</summary>
    public async Task<string?> ApiVersionAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var version = JsonDocument.Parse(await _http.GetStringAsync("version", timeout.Token));
            return version.RootElement.GetProperty("ApiVersion").GetString();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or OperationCanceledException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> HasImageAsync(string image)
    {
        using var response = await _http.GetAsync($"images/{image}/json");
        return response.IsSuccessStatusCode;
    }

    /// <summary>Pulls <paramref name="image"/>; null when it is here now, else the engine's reason.</summary>
    public async Task<string?> PullAsync(string image, TimeSpan timeout)
    {
        var tagAt = image.LastIndexOf(':');
        var (name, tag) = tagAt > image.LastIndexOf('/') ? (image[..tagAt], image[(tagAt + 1)..]) : (image, "latest");
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            using var response = await _http.PostAsync($"images/create?fromImage={Uri.EscapeDataString(name)}&tag={Uri.EscapeDataString(tag)}", null, cancel.Token);
            var body = await response.Content.ReadAsStringAsync(cancel.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Message(body, "message") ?? $"HTTP {(int)response.StatusCode}";
            }

            // A pull that fails half-way still answers 200; the error is in the progress stream.
            var error = body.Split('\n').Select(line => Message(line, "error")).FirstOrDefault(e => e is not null);
            return error ?? (await HasImageAsync(image) ? null : "the image is not there after the pull");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return ex.Message;
        }
    }

    /// <summary>Containers (running or not) that carry <paramref name="label"/>, with their labels and creation time.</summary>
    public async Task<IReadOnlyList<(string Id, IReadOnlyDictionary<string, string> Labels, DateTimeOffset Created)>> ContainersAsync(string label)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] }));
        using var list = JsonDocument.Parse(await _http.GetStringAsync($"containers/json?all=true&filters={filters}"));
        return list.RootElement.EnumerateArray().Select(c => (
            c.GetProperty("Id").GetString()!,
            (IReadOnlyDictionary<string, string>)c.GetProperty("Labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty),
            DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("Created").GetInt64()))).ToList();
    }

    /// <summary>Stops and removes the container and its anonymous volumes.</summary>
    public async Task RemoveContainerAsync(string id)
    {
        using var response = await _http.DeleteAsync($"containers/{id}?force=true&v=true");
    }

    public void Dispose() => _http.Dispose();

    private static string? Message(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
