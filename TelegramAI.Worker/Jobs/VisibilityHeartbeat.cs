using Microsoft.Extensions.Logging;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Worker.Jobs;

/// <summary>
/// Keeps a job's message hidden while the job runs, renewing its lease three times per lease, so a
/// long download is not handed to a second worker, yet a worker that dies gives its job up within one lease.
/// </summary>
public sealed class VisibilityHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    public VisibilityHeartbeat(ContractQueue<JobMessage> jobs, string receiptHandle, TimeSpan lease, ILogger logger)
    {
        var interval = lease / 3;
        _beating = BeatAsync(jobs, receiptHandle, lease, interval < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : interval, logger);
    }

    /// <summary>Stops renewing. Afterwards the message's visibility is the caller's to change.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    private async Task BeatAsync(ContractQueue<JobMessage> jobs, string receiptHandle, TimeSpan lease, TimeSpan interval, ILogger logger)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await jobs.ChangeVisibilityAsync(receiptHandle, lease, _stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next beat may still make it within the lease; if none does, another worker
                    // takes the job and the S3 key makes the second run a cheap one.
                    logger.LogWarning(e, "Could not extend the job's visibility");
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
