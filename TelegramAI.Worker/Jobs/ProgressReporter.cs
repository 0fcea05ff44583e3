using Microsoft.Extensions.Logging;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Worker.Downloads;

namespace TelegramAI.Worker.Jobs;

/// <summary>
/// Turns yt-dlp's progress into progress results: at most one per interval and one at a time, so a fast
/// download neither floods the results queue nor waits for it. A progress result that cannot be sent is
/// skipped; only the final result matters for the job.
/// </summary>
internal sealed class ProgressReporter(ContractQueue<JobResult> results, JobMessage job, TimeSpan interval, TimeProvider time, ILogger logger)
    : IProgress<DownloadProgress>
{
    private readonly Lock _lock = new();
    private Task _sending = Task.CompletedTask;
    private long? _lastSentAt;
    private double _lastPercent = -1;

    public void Report(DownloadProgress value)
    {
        if (value.Percent is not { } percent)
            return;

        lock (_lock)
        {
            var now = time.GetTimestamp();
            var due = _lastSentAt is not { } last || time.GetElapsedTime(last, now) >= interval;
            if (!_sending.IsCompleted || percent <= _lastPercent || !(due || percent >= 100))
                return;

            _lastSentAt = now;
            _lastPercent = percent;
            _sending = SendAsync(new JobProgress(percent, value.DownloadedBytes, value.TotalBytes, value.BytesPerSecond, value.Eta));
        }
    }

    /// <summary>Waits for the progress result being sent, so that it goes out before the final one.</summary>
    public Task FlushAsync()
    {
        lock (_lock)
            return _sending;
    }

    private async Task SendAsync(JobProgress progress)
    {
        try
        {
            await results.SendAsync(JobResult.For(job, JobResultKind.Progress, time.GetUtcNow()) with { Progress = progress }, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not send a progress result");
        }
    }
}
