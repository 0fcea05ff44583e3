using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelegramAI.AppHost.LocalResources;
using TelegramAI.AppHost.LocalTelegram;
using TelegramAI.AppHost.View;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Contracts.Scaling;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.AppHost.Run;

/// <summary>
/// Starts the resources in order, each once the one before is healthy: the AWS endpoint, the stack
/// (the production template deployed into it), the Telegram side, then the Bot, the MetricSender and the
/// workers. Stops them in reverse, leaving no process behind.
/// </summary>
public sealed class Orchestrator(
    AppModel model, HostConsole console, HttpClient http, IConfiguration configuration, IOptions<AppHostOptions> options, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private readonly AppHostOptions _options = options.Value;
    private readonly List<ServiceProcess> _services = [];
    private AwsEndpoint? _aws;
    private TelegramBotApiEmulator? _telegram;
    /// <summary>This run's folder for the services' files: the bot's ledger, the workers' downloads.</summary>
    private DirectoryInfo? _scratch;
    private WorkerPool? _workers;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var aws = model.Add("aws", "endpoint");
        var stack = model.Add("stack", "cloudformation");
        var telegram = model.Add("telegram", "bot api");
        var current = aws;
        try
        {
            aws.State = ResourceState.Starting;
            _aws = await AwsEndpoint.StartAsync(configuration, stoppingToken);
            (aws.State, aws.Health, aws.ProcessId, aws.Endpoint) = (ResourceState.Running, "healthy", _aws.ProcessId, _aws.Description);
            if (_aws.ProcessId is { } motoPid)
            {
                console.Event(HostEvent.ProcessStarted("moto", motoPid));
            }

            current = stack;
            stack.State = ResourceState.Starting;
            using var ec2 = _aws.Settings.CreateEc2Client();
            var outputs = await ProductionStack.DeployAsync(
                new CloudFormationClient(http, _aws.Settings), ec2, _aws.Settings.Region, _options, stoppingToken);
            (stack.State, stack.Health, stack.Endpoint) = (ResourceState.Running, "healthy", _options.StackName);
            stack.Detail = $"bucket {outputs.Bucket}, group {outputs.WorkerGroup}";
            console.Event($"stack {_options.StackName} deployed: queues, bucket {outputs.Bucket}, worker group {outputs.WorkerGroup}");

            current = telegram;
            var telegramEnvironment = await StartTelegramAsync(telegram, stoppingToken);

            var shared = SharedEnvironment(outputs);
            await StartServiceAsync(ServiceBinaries.Bot, Merge(shared, telegramEnvironment), stoppingToken);
            await StartServiceAsync(ServiceBinaries.MetricSender, Merge(shared, MetricSenderEnvironment(outputs)), stoppingToken);

            var workerDll = ServiceBinaries.DllOf(ServiceBinaries.Worker);

            // Each worker its own temporary folder: a starting worker clears what a dead one left in its
            // folder, which must never be the downloads of a worker still running.
            _workers = new WorkerPool(
                name => new ServiceProcess(name, workerDll, Merge(shared, new() { ["Worker__TempDirectory"] = Scratch(name) }), model.Add(name, "worker"), console, _options, http),
                model,
                console);
            await _workers.ScaleToAsync(_options.Workers, stoppingToken);

            model.MarkReady(new RunningSystem(_aws.Settings, outputs, _workers, _telegram));
            console.Event(HostEvent.Ready);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl-C while starting.
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            (current.State, current.Detail) = (ResourceState.Failed, e.Message);
            console.Final($"failed to start {current.Name}: {e.Message}");
            model.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // The bot first, so no new job arrives while the workers finish theirs.
        foreach (var service in _services.Where(s => s.Name == ServiceBinaries.Bot))
        {
            await service.StopAsync();
        }

        var stopping = _services.Where(s => s.Name != ServiceBinaries.Bot).Select(s => s.StopAsync()).ToList();
        if (_workers is not null)
        {
            stopping.Add(_workers.DisposeAsync().AsTask());
        }

        await Task.WhenAll(stopping);
        if (_telegram is not null)
        {
            await _telegram.DisposeAsync();
        }

        _scratch?.Delete(recursive: true);

        if (_aws is not null)
        {
            var motoPid = _aws.ProcessId;
            await _aws.DisposeAsync();
            if (motoPid is { } pid)
            {
                console.Event(HostEvent.ProcessExited("moto", pid, 0));
            }
        }
    }

    /// <summary>
    /// With a bot token the Bot talks to real Telegram; without one, to a local stand-in that the terminal
    /// chat (and, when enabled, a test over loopback) plays the user of.
    /// </summary>
    private async Task<Dictionary<string, string?>> StartTelegramAsync(Resource telegram, CancellationToken cancellationToken)
    {
        telegram.State = ResourceState.Starting;
        if (configuration["Telegram:BotToken"] is { Length: > 0 } token)
        {
            (telegram.State, telegram.Endpoint, telegram.Detail) = (ResourceState.Running, "https://api.telegram.org", "real Telegram (token given)");
            console.Event("telegram: the bot talks to real Telegram with the given token");
            return new() { ["Telegram__BotToken"] = token };
        }

        _telegram = await TelegramBotApiEmulator.StartAsync(TelegramBotApiEmulator.DefaultBotToken, _options.TelegramTestHooks, cancellationToken);
        (telegram.State, telegram.Health, telegram.Endpoint, telegram.Detail) =
            (ResourceState.Running, "healthy", _telegram.BaseUrl.ToString(), $"local stand-in, chat as user {TerminalChat.UserId}");
        console.Event(HostEvent.TelegramEmulator(_telegram.BaseUrl, _telegram.TestHooksUrl, TerminalChat.UserId));
        return new()
        {
            ["Telegram__BotToken"] = _telegram.BotToken,
            ["Telegram__ApiBaseUrl"] = _telegram.BaseUrl.ToString(),

            // The bot keeps a ledger of the updates it answered; the stand-in starts afresh each run, so must it.
            ["Bot__StateDirectory"] = Scratch("bot"),
        };
    }

    private async Task StartServiceAsync(string name, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var service = new ServiceProcess(name, ServiceBinaries.DllOf(name), environment, model.Add(name, "service"), console, _options, http);
        _services.Add(service);
        await service.StartAsync(cancellationToken);
    }

    private string Scratch(string service)
    {
        _scratch ??= Directory.CreateTempSubdirectory("telegramai-apphost-");
        return Path.Combine(_scratch.FullName, service);
    }

    /// <summary>The production keys every service reads; the bot token goes to the Bot alone.</summary>
    private Dictionary<string, string?> SharedEnvironment(StackOutputs outputs)
    {
        var environment = _aws!.Environment.ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
        environment["Queues__Jobs"] = outputs.JobsQueueUrl;
        environment["Queues__Results"] = outputs.ResultsQueueUrl;
        environment["Storage__Bucket"] = outputs.Bucket;

        // Bot and Worker both refuse loopback links unless told otherwise; locally the videos may be on loopback.
        environment["Downloads__AllowPrivateHosts"] = "true";
        environment["Telegram__BotToken"] = null;
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        // Read by a person in this terminal, not by a log store: one short line an entry, and no
        // line for every health probe. A developer's own settings of these keys win.
        environment.TryAdd("Logging__Console__FormatterName", configuration["Logging:Console:FormatterName"] ?? "simple");
        environment.TryAdd("Logging__LogLevel__Microsoft.AspNetCore", configuration["Logging:LogLevel:Microsoft.AspNetCore"] ?? "Warning");

        return environment;
    }

    private Dictionary<string, string?> MetricSenderEnvironment(StackOutputs outputs) => new()
    {
        ["Scaling__Targets__0__Queue"] = outputs.JobsQueueUrl,
        ["Scaling__Targets__0__AutoScalingGroup"] = outputs.WorkerGroup,
        ["Scaling__Namespace"] = ScalingMetric.DefaultNamespace,
        ["Scaling__MetricName"] = ScalingMetric.DefaultMetricName,
        ["Scaling__Period"] = _options.MetricPeriod.ToString("c", CultureInfo.InvariantCulture),
        ["Scaling__HighResolution"] = "true",
    };

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> first, Dictionary<string, string?> second)
    {
        var merged = new Dictionary<string, string?>(first);
        foreach (var (key, value) in second)
        {
            merged[key] = value;
        }

        return merged;
    }
}
