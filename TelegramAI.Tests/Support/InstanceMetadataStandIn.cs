using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.Support;

/// <summary>
/// The EC2 instance metadata service (IMDSv2) on loopback, as far as our services need it: a session token
/// (<c>PUT /latest/api/token</c>), the role's name and its temporary credentials, the instance's id, and its Auto
/// Scaling target lifecycle state, which a test sets (Terminated: the group is terminating the instance). The SDK is
/// pointed at it with <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>.
/// </summary>
public sealed class InstanceMetadataStandIn : IAsyncDisposable
{
    private const string Role = "telegramai-worker";
    private const string SessionToken = "imds-session-token";

    private readonly WebApplication _app;
    private int _credentialReads;
    private volatile string _targetLifecycleState = "InService";

    private InstanceMetadataStandIn(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request, as "METHOD path", for the failure message of a test.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = [];

    /// <summary>How often the role's credentials were read with a valid IMDSv2 session token.</summary>
    public int CredentialReads => Volatile.Read(ref _credentialReads);

    /// <summary>What <c>/latest/meta-data/autoscaling/target-lifecycle-state</c> answers (InService until a test changes it).</summary>
    public string TargetLifecycleState
    {
        get => _targetLifecycleState;
        set => _targetLifecycleState = value;
    }

    /// <summary>The instance's id, or null for no <c>/latest/meta-data/instance-id</c> (404).</summary>
    public string? InstanceId { get; private set; }

    /// <summary>An instance of an Auto Scaling group, with no role.</summary>
    public static Task<InstanceMetadataStandIn> StartAsync(string instanceId) => StartAsync(null, instanceId);

    public static async Task<InstanceMetadataStandIn> StartAsync(ImmutableCredentials? roleCredentials, string? instanceId = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var imds = new InstanceMetadataStandIn(app) { InstanceId = instanceId };
        app.Run(async context =>
        {
            var path = context.Request.Path.Value!.TrimEnd('/');
            imds.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (HttpMethods.IsPut(context.Request.Method) && path == "/latest/api/token")
            {
                await context.Response.WriteAsync(SessionToken);
                return;
            }

            if (context.Request.Headers["X-aws-ec2-metadata-token"] != SessionToken)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (path == "/latest/meta-data/instance-id" && imds.InstanceId is { } id)
            {
                await context.Response.WriteAsync(id);
                return;
            }

            if (path == "/latest/meta-data/autoscaling/target-lifecycle-state" && imds.InstanceId is not null)
            {
                await context.Response.WriteAsync(imds.TargetLifecycleState);
                return;
            }

            if (roleCredentials is not null && path == "/latest/meta-data/iam/security-credentials")
            {
                await context.Response.WriteAsync(Role);
                return;
            }

            if (roleCredentials is null || path != $"/latest/meta-data/iam/security-credentials/{Role}")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            Interlocked.Increment(ref imds._credentialReads);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["Code"] = "Success",
                ["LastUpdated"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["Type"] = "AWS-HMAC",
                ["AccessKeyId"] = roleCredentials!.AccessKey,
                ["SecretAccessKey"] = roleCredentials.SecretKey,
                ["Token"] = roleCredentials.Token,
                ["Expiration"] = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            }));
        });
        await app.StartAsync();
        imds.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return imds;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
