using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.Support;

/// <summary>
/// A loopback HTTP server in front of moto that answers the first requests with a failure
/// (throttling, 503, ...) and forwards the rest, so retry behaviour is tested on the real wire.
/// </summary>
public sealed class FlakyAwsProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new();
    private int _failuresLeft;
    private int _requests;

    private FlakyAwsProxy(WebApplication app, int failures)
    {
        _app = app;
        _failuresLeft = failures;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests seen, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <param name="failure">The status and body each failing answer has.</param>
    public static async Task<FlakyAwsProxy> StartAsync(Uri target, int failures, HttpStatusCode status, string contentType, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FlakyAwsProxy(app, failures);
        app.Run(async context =>
        {
            Interlocked.Increment(ref proxy._requests);
            if (Interlocked.Decrement(ref proxy._failuresLeft) >= 0)
            {
                context.Response.StatusCode = (int)status;
                context.Response.ContentType = contentType;
                context.Response.Headers["x-amzn-RequestId"] = "flaky-proxy-request";
                await context.Response.WriteAsync(body);
                return;
            }

            await proxy.ForwardAsync(context, target);
        });
        await app.StartAsync();
        proxy.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString));
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var header in context.Request.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        using var response = await _forward.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key is not ("Transfer-Encoding" or "Content-Length"))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        _forward.Dispose();
        await _app.DisposeAsync();
    }
}
