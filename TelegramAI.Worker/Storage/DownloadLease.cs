using Microsoft.Extensions.Logging;

namespace TelegramAI.Worker.Storage;

/// <summary>
/// A held lease on one video's download (see <see cref="DownloadLeases"/>). It renews itself every third of
/// its duration until disposed; disposing releases it, so waiting jobs go on at once: they find the video,
/// or, when this job gave up without it, the next one takes the lease and tries.
/// </summary>
public sealed class DownloadLease : IAsyncDisposable
{
    private static readonly TimeSpan ReleaseTimeLimit = TimeSpan.FromSeconds(10);

    private readonly DownloadLeases _leases;
    private readonly string _key;
    private readonly string _holder;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private string? _etag;

    internal DownloadLease(DownloadLeases leases, string key, string etag, string holder, TimeSpan duration, ILogger logger)
    {
        _leases = leases;
        _key = key;
        _etag = etag;
        _holder = holder;
        _duration = duration;
        _logger = logger;
        var interval = duration / 3;
        _renewing = RenewAsync(interval < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : interval);
    }

    /// <summary>The lease object's key, <c>leases/{video key}</c>.</summary>
    public string Key => _key;

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;

        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
        if (_etag is not { } etag)
            return;

        try
        {
            // Not cancelled with the job: a worker that stops lets the waiting jobs go on at once.
            using var timeLimit = new CancellationTokenSource(ReleaseTimeLimit);
            await _leases.ReleaseAsync(_key, etag, timeLimit.Token);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not release the lease {Key}; it runs out within {Duration}", _key, _duration);
        }
    }

    private async Task RenewAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        var renewals = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    // Not cancelled by the stop: a renewal cut short might be written all the same, under an
                    // ETag this side never learnt, and the release would then leave the lease behind.
                    using var timeLimit = new CancellationTokenSource(_duration);
                    var etag = await _leases.TryPutAsync(_key, _holder, _duration, ++renewals, _etag, timeLimit.Token);
                    if (etag is null)
                    {
                        // Another job took it over: this download goes on, and stores the same object it would.
                        _logger.LogWarning("The lease {Key} was taken over by another job", _key);
                        _etag = null;
                        return;
                    }

                    _etag = etag;
                }
                catch (Exception e)
                {
                    // The next renewal may still make it within the duration.
                    _logger.LogWarning(e, "Could not renew the lease {Key}", _key);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
