using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using TelegramAI.Aws.Emulator;

namespace TelegramAI.Tests.AppHost;

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}

/// <summary>
/// One run of the real AppHost through Aspire.Hosting.Testing, shared by the tests of <see cref="AppHostCollection"/>
/// (they run one after another): moto, the stack, the local Telegram, Bot, MetricSender and up to three
/// workers, with the dashboard on free loopback ports and a browser token the tests know.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const int MaxWorkers = 3;
    public const int BacklogPerInstanceTarget = 5;

    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost is not started.");

    public string BrowserToken { get; } = Guid.NewGuid().ToString("N");

    public Uri Dashboard { get; } = new($"http://127.0.0.1:{LoopbackPort.Free()}/");

    /// <summary>The chat page, as the dashboard links it.</summary>
    public Uri ChatPage => new(App.GetEndpoint("telegram", "http"), "/chat");

    /// <summary>The stand-in's test hooks, through which a test plays many users.</summary>
    public Uri TelegramHooks => new(App.GetEndpoint("telegram", "api"), "/_emulator/");

    public async ValueTask InitializeAsync()
    {
        string[] args =
        [
            // Nothing from the test process's own environment decides which AWS or Telegram is used.
            "AWS_ENDPOINT_URL=",
            "Telegram:BotToken=",
            $"ASPNETCORE_URLS={Dashboard.ToString().TrimEnd('/')}",
            $"ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{LoopbackPort.Free()}",
            $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{LoopbackPort.Free()}",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            // The dashboard where it was told to listen: the testing default moves fixed ports elsewhere.
            "DcpPublisher:RandomizePorts=false",
            $"ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN={BrowserToken}",
            "AppHost:Workers=1",
            "AppHost:MinWorkers=1",
            $"AppHost:MaxWorkers={MaxWorkers.ToString(CultureInfo.InvariantCulture)}",
            $"AppHost:BacklogPerInstanceTarget={BacklogPerInstanceTarget.ToString(CultureInfo.InvariantCulture)}",
            "AppHost:ScaleInCooldown=00:00:05",
            "AppHost:ScalingInterval=00:00:01",
            "AppHost:MetricPeriod=00:00:10",
        ];

        using var limit = new CancellationTokenSource(StartLimit);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TelegramAI_AppHost>(
            args, (options, _) => options.DisableDashboard = false, limit.Token);
        _app = await builder.BuildAsync(limit.Token);
        await _app.StartAsync(limit.Token);
        foreach (var resource in new[] { "stack", "telegram", "bot", "metric-sender", "worker-1" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, limit.Token);
        }
    }

    /// <summary>The resource's state as the dashboard shows it ("Running", "NotStarted", "Exited", ...).</summary>
    public string? StateOf(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var current) ? current.Snapshot.State?.Text : null;

    /// <summary>Workers that are starting or running now.</summary>
    public int WorkersUp() => Enumerable.Range(1, MaxWorkers)
        .Count(i => StateOf($"worker-{i}") is { } state
            && (state == KnownResourceStates.Running || state == KnownResourceStates.Starting || state == KnownResourceStates.Waiting));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
