namespace TelegramAI.AppHost.Workers;

/// <summary>
/// The local stand-in for the worker Auto Scaling group: worker resources worker-1 .. worker-N (N the
/// group's maximum), of which the local autoscaler keeps as many running as the group's desired capacity.
/// </summary>
public sealed class WorkerPoolResource(string name, int minWorkers, int maxWorkers) : Resource(name)
{
    public int MinWorkers { get; } = minWorkers;

    public int MaxWorkers { get; } = maxWorkers;

    /// <summary>In the order they are started; scale-in stops the last running ones first.</summary>
    public List<ExecutableResource> Workers { get; } = [];
}
