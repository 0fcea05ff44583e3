using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.Support;

/// <summary>How a served file is sent: at most this fast, and/or held part-way by a gate.</summary>
public sealed record ServeOptions(long? BytesPerSecond = null, ResponseGate? Gate = null);

/// <summary>
/// Holds a response after <paramref name="afterBytes"/> bytes of the body have been sent and flushed,
/// until <see cref="Release"/>. The client has then seen part of the file and waits for the rest.
/// </summary>
public sealed class ResponseGate(long afterBytes, Func<HttpRequest, bool>? holds = null)
{
    /// <summary>Not ffprobe (libavformat, "Lavf/..."): the downloads a test watches are yt-dlp's, and a held probe would stall the resolve before them.</summary>
    public static readonly Func<HttpRequest, bool> DownloadsOnly =
        request => !request.Headers.UserAgent.ToString().StartsWith("Lavf", StringComparison.Ordinal);

    /// <summary>Whether this gate holds the response to <paramref name="request"/>; every one unless told otherwise.</summary>
    public bool Holds(HttpRequest request) => holds?.Invoke(request) ?? true;

    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long AfterBytes { get; } = afterBytes;

    /// <summary>Completes when a response has sent <see cref="AfterBytes"/> and is being held.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>
/// A Kestrel server on 127.0.0.1 and a free port that serves what a test puts at each path: content with
/// its Content-Type and Content-Length, single byte ranges and HEAD, or a bare status code. Every other
/// path is 404. It counts the requests to each path.
/// </summary>
public sealed class LoopbackVideoServer : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requestCounts = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private LoopbackVideoServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>For example <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public string BaseAddress { get; private set; } = "";

    public static async Task<LoopbackVideoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new LoopbackVideoServer();
        await server._app.StartAsync(cancellationToken);
        var addresses = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        server.BaseAddress = addresses.Addresses.Single().TrimEnd('/');
        return server;
    }

    /// <summary>The absolute URL of <paramref name="path"/>, which starts with '/'.</summary>
    public string Url(string path) => BaseAddress + path;

    public void Serve(string path, byte[] content, string contentType, ServeOptions? options = null) =>
        _routes[path] = new Route(null, content.LongLength, () => new MemoryStream(content, writable: false), contentType, options ?? new());

    /// <summary>Serves a file from disk, read as it is sent, so large files cost no memory.</summary>
    public void ServeFile(string path, string filePath, string contentType, ServeOptions? options = null) =>
        _routes[path] = new Route(null, new FileInfo(filePath).Length, () => File.OpenRead(filePath), contentType, options ?? new());

    public void Fail(string path, HttpStatusCode status) =>
        _routes[path] = new Route((int)status, 0, () => Stream.Null, "text/plain", new());

    /// <summary>Requests made so far to <paramref name="path"/> (as decoded by the server, without the query).</summary>
    public int RequestCount(string path) => _requestCounts.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        foreach (var route in _routes.Values)
            route.Options.Gate?.Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requestCounts.AddOrUpdate(path, 1, (_, count) => count + 1);

        if (!_routes.TryGetValue(path, out var route))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (route.Status is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync($"{status}\n", context.RequestAborted);
            return;
        }

        context.Response.ContentType = route.ContentType;
        context.Response.Headers.AcceptRanges = "bytes";

        var (start, count) = (0L, route.Length);
        if (context.Request.Headers.Range.ToString() is { Length: > 0 } range)
        {
            if (!TryParseRange(range, route.Length, out start, out count))
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                context.Response.Headers.ContentRange = $"bytes */{route.Length}";
                return;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{start + count - 1}/{route.Length}";
        }

        context.Response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
            return;

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, _app.Lifetime.ApplicationStopping);
        await using var content = route.Open();
        content.Seek(start, SeekOrigin.Begin);
        var options = route.Options.Gate is { } gate && !gate.Holds(context.Request) ? route.Options with { Gate = null } : route.Options;
        await SendAsync(content, count, context.Response, options, stopping.Token);
    }

    private static async Task SendAsync(Stream content, long count, HttpResponse response, ServeOptions options, CancellationToken cancellationToken)
    {
        var chunkSize = options.BytesPerSecond is { } rate ? (int)Math.Clamp(rate / 10, 1, ChunkSize) : ChunkSize;
        var buffer = new byte[chunkSize];
        var clock = Stopwatch.StartNew();
        var gate = options.Gate;
        long sent = 0;

        while (sent < count)
        {
            var limit = (int)Math.Min(buffer.Length, count - sent);
            if (gate is not null && sent < gate.AfterBytes)
                limit = (int)Math.Min(limit, gate.AfterBytes - sent);

            var read = await content.ReadAsync(buffer.AsMemory(0, limit), cancellationToken);
            if (read == 0)
                break;
            await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            sent += read;

            if (gate is not null && sent == gate.AfterBytes)
            {
                await response.Body.FlushAsync(cancellationToken);
                await gate.HoldAsync(cancellationToken);
                clock.Restart();
            }

            if (options.BytesPerSecond is { } bytesPerSecond)
            {
                // Pace against the clock, not per chunk, so slow writes don't make it slower still.
                var due = TimeSpan.FromSeconds((double)sent / bytesPerSecond);
                if (due > clock.Elapsed)
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
            }
        }
    }

    /// <summary>One range, <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>; several ranges are not served.</summary>
    private static bool TryParseRange(string header, long length, out long start, out long count)
    {
        (start, count) = (0, 0);
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(','))
            return false;

        var parts = header["bytes=".Length..].Split('-', 2);
        if (parts.Length != 2)
            return false;

        var hasFirst = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first);
        var hasLast = long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last);
        if (hasFirst)
        {
            if (first >= length || (hasLast && last < first))
                return false;
            (start, count) = (first, (hasLast ? Math.Min(last, length - 1) : length - 1) - first + 1);
            return true;
        }

        if (!hasLast || last == 0 || parts[0].Length != 0)
            return false;
        start = Math.Max(0, length - last);
        count = length - start;
        return true;
    }

    private sealed record Route(int? Status, long Length, Func<Stream> Open, string ContentType, ServeOptions Options);
}
