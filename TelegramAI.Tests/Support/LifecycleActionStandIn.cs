using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.Support;

/// <summary>
/// The Auto Scaling endpoint a worker is given in the lifecycle hook tests: moto 5.2.1 has no CompleteLifecycleAction
/// and no RecordLifecycleActionHeartbeat, so this answers those two itself, as the Auto Scaling query API does
/// (an empty result with a request id), and records them; every other call goes on to moto unchanged. It checks
/// that each call it answers is signed for the autoscaling service (SigV4's Authorization header), which the
/// signer tests pin against a moto that verifies signatures.
/// </summary>
public sealed class LifecycleActionStandIn : IAsyncDisposable
{
    private static readonly string[] Answered = ["CompleteLifecycleAction", "RecordLifecycleActionHeartbeat"];

    private readonly WebApplication _app;

    private LifecycleActionStandIn(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Each call answered here, as its form parameters.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Calls { get; } = [];

    public IEnumerable<IReadOnlyDictionary<string, string>> CallsOf(string action) => Calls.Where(call => call.GetValueOrDefault("Action") == action);

    public static async Task<LifecycleActionStandIn> StartAsync(Uri moto)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new LifecycleActionStandIn(app);
        var forward = new HttpClient { BaseAddress = moto, Timeout = TimeSpan.FromSeconds(30) };
        app.Lifetime.ApplicationStopped.Register(forward.Dispose);

        app.Run(async context =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            var form = QueryString(body);
            if (form.GetValueOrDefault("Action") is { } action && Answered.Contains(action))
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                if (!authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal) || !authorization.Contains("/autoscaling/aws4_request", StringComparison.Ordinal))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsync(Error("MissingAuthenticationToken", "Request is not signed for autoscaling"));
                    return;
                }

                standIn.Calls.Enqueue(form);
                context.Response.ContentType = "text/xml";
                await context.Response.WriteAsync($"""
                    <{action}Response xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                      <{action}Result/>
                      <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
                    </{action}Response>
                    """);
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString)
            {
                Content = new StringContent(body),
            };
            foreach (var (name, values) in context.Request.Headers.Where(h => h.Key is not ("Host" or "Content-Length" or "Content-Type")))
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/x-www-form-urlencoded");
            using var response = await forward.SendAsync(request);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await context.Response.WriteAsync(await response.Content.ReadAsStringAsync());
        });
        await app.StartAsync();
        standIn.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static Dictionary<string, string> QueryString(string body) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body)
            .ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);

    private static string Error(string code, string message) =>
        $"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>";
}
