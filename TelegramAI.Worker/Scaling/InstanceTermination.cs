namespace TelegramAI.Worker.Scaling;

/// <summary>
/// The signal between the <see cref="TerminationWatch"/> and the job loop when the group terminates this instance:
/// the loop stops receiving and releases every job it holds at once, then says so.
/// </summary>
public sealed class InstanceTermination : IDisposable
{
    private readonly CancellationTokenSource _terminating = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancelled when the instance is being terminated.</summary>
    public CancellationToken Token => _terminating.Token;

    public bool IsTerminating => _terminating.IsCancellationRequested;

    /// <summary>Completes once the job loop has released its jobs and stopped.</summary>
    public Task JobsReleased => _released.Task;

    public void Begin() => _terminating.Cancel();

    public void MarkReleased() => _released.TrySetResult();

    public void Dispose() => _terminating.Dispose();
}
