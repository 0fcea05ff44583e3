using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace TelegramAI.ServiceDefaults.Health;

/// <summary>
/// <c>dotnet TelegramAI.Worker.dll --health-probe</c>: asks the service running beside it for its <c>/health</c> and
/// exits 0 when it answers 200, 1 otherwise, with one line saying what it found. It is the containers' health check
/// (Docker's HEALTHCHECK): the .NET runtime images have neither curl nor wget, and the service's own binary knows
/// where the service listens, from the same settings and defaults the service itself uses.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--health-probe";

    public const int HealthyExitCode = 0;
    public const int UnhealthyExitCode = 1;

    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(5);

    public static bool IsRequested(string[] args) => args.Contains(Argument, StringComparer.Ordinal);

    /// <param name="args">The process's arguments (settings such as <c>--urls</c> are read from them as the host would).</param>
    /// <param name="defaultPort">The service's own default port, as it passes to AddServiceDefaults.</param>
    public static async Task<int> RunAsync(string[] args, int defaultPort)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine([.. args.Where(arg => arg != Argument)])
            .Build();
        var health = new Uri(new Uri(LoopbackUrls(configuration, defaultPort)[0]), "/health");

        using var http = new HttpClient { Timeout = TimeLimit };
        try
        {
            // JSON, so the line says which check failed and why.
            using var request = new HttpRequestMessage(HttpMethod.Get, health);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Console.WriteLine($"{health}: {(int)response.StatusCode} {body.Trim()}");
            return response.IsSuccessStatusCode ? HealthyExitCode : UnhealthyExitCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"{health}: no answer ({e.Message})");
            return UnhealthyExitCode;
        }
    }

    /// <summary>
    /// Where the service listens: its <c>urls</c> (<c>ASPNETCORE_URLS</c>) when set, with any-address hosts read as
    /// loopback; else each of <c>http_ports</c> (<c>HTTP_PORTS</c>, which the .NET container images set) on 127.0.0.1;
    /// else <paramref name="defaultPort"/> on 127.0.0.1.
    /// </summary>
    public static IReadOnlyList<string> LoopbackUrls(IConfiguration configuration, int defaultPort)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(url => url.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                    .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                    .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                    .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal))];
        }

        var ports = configuration[WebHostDefaults.HttpPortsKey];
        return string.IsNullOrWhiteSpace(ports)
            ? [$"http://127.0.0.1:{defaultPort.ToString(CultureInfo.InvariantCulture)}"]
            : [.. ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://127.0.0.1:{port}")];
    }
}
