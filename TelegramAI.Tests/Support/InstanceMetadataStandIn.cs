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
/// The EC2 instance metadata service (IMDSv2) on loopback, as far as an instance role needs it: a session
/// token (<c>PUT /latest/api/token</c>), the role's name and its temporary credentials. The SDK is pointed
/// at it with <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>.
/// </summary>
public sealed class InstanceMetadataStandIn : IAsyncDisposable
{
    private const string Role = "telegramai-worker";
    private const string SessionToken = "imds-session-token";

    private readonly WebApplication _app;
    private int _credentialReads;

    private InstanceMetadataStandIn(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request, as "METHOD path", for the failure message of a test.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = [];

    /// <summary>How often the role's credentials were read with a valid IMDSv2 session token.</summary>
    public int CredentialReads => Volatile.Read(ref _credentialReads);

    public static async Task<InstanceMetadataStandIn> StartAsync(ImmutableCredentials roleCredentials)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var imds = new InstanceMetadataStandIn(app);
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

            if (path == "/latest/meta-data/iam/security-credentials")
            {
                await context.Response.WriteAsync(Role);
                return;
            }

            if (path != $"/latest/meta-data/iam/security-credentials/{Role}")
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
                ["AccessKeyId"] = roleCredentials.AccessKey,
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
