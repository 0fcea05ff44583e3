using TelegramAI.AppHost.LocalResources;
using TelegramAI.Aws.Runtime;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.AppHost.Run;

public enum ResourceState
{
    Waiting,
    Starting,
    Running,
    Restarting,
    Stopping,
    Stopped,
    Failed,
}

/// <summary>One thing the AppHost runs or creates, as the live view shows it.</summary>
public sealed class Resource(string name, string kind)
{
    public string Name { get; } = name;

    public string Kind { get; } = kind;

    public ResourceState State { get; set; } = ResourceState.Waiting;

    /// <summary>"healthy", "unhealthy" or null when the resource has no health check or is not running.</summary>
    public string? Health { get; set; }

    public int Restarts { get; set; }

    public int? ProcessId { get; set; }

    public string? Endpoint { get; set; }

    /// <summary>The last thing worth knowing: why it failed, what it created.</summary>
    public string? Detail { get; set; }
}

/// <summary>Where the local stack's outputs put things, in the services' configuration keys.</summary>
public sealed record StackOutputs(string JobsQueueUrl, string ResultsQueueUrl, string DeadLetterQueueUrl, string Bucket, string WorkerGroup);

/// <summary>What the loops beside the orchestrator work with once everything has started.</summary>
public sealed record RunningSystem(AwsClientSettings Aws, StackOutputs Stack, WorkerPool Workers, TelegramBotApiEmulator? LocalTelegram);

/// <summary>Queue counts and the scaling metric, as last read.</summary>
public sealed record ScalingStatus(
    int? Visible = null,
    int? InFlight = null,
    int? DeadLetter = null,
    double? BacklogPerInstance = null,
    DateTimeOffset? MetricTime = null,
    int Desired = 0,
    int Running = 0);

/// <summary>
/// The resources of the local run and their live state: written by the loops that run them, read by the view.
/// </summary>
public sealed class AppModel
{
    private readonly Lock _gate = new();
    private readonly List<Resource> _resources = [];
    private readonly TaskCompletionSource<RunningSystem> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScalingStatus Scaling { get; set; } = new();

    /// <summary>0, or the exit code the AppHost ends with after a failure to start.</summary>
    public int ExitCode { get; set; }

    public Resource Add(string name, string kind)
    {
        var resource = new Resource(name, kind);
        lock (_gate)
        {
            _resources.Add(resource);
        }

        return resource;
    }

    public void Remove(Resource resource)
    {
        lock (_gate)
        {
            _resources.Remove(resource);
        }
    }

    public IReadOnlyList<Resource> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _resources];
            }
        }
    }

    /// <summary>Completes when every resource has started and is healthy.</summary>
    public Task<RunningSystem> Ready => _ready.Task;

    public void MarkReady(RunningSystem system) => _ready.TrySetResult(system);
}
