using System.Collections.Concurrent;

namespace TelegramAI.Worker.Scaling;

/// <summary>What the job loop is doing, for its health check: when its current receive began, and when each running job started.</summary>
public sealed class JobLoopActivity(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, long> _jobs = new();
    private readonly Lock _lock = new();
    private long? _receivingSince;

    public void ReceiveStarted()
    {
        lock (_lock)
            _receivingSince = time.GetTimestamp();
    }

    public void ReceiveEnded()
    {
        lock (_lock)
            _receivingSince = null;
    }

    /// <summary>Marks a job running; disposing the result marks it ended.</summary>
    public IDisposable JobStarted()
    {
        var id = Guid.NewGuid();
        _jobs[id] = time.GetTimestamp();
        return new Ended(() => _jobs.TryRemove(id, out _));
    }

    /// <summary>How long the receive in progress has been waiting, or zero when none is.</summary>
    public TimeSpan ReceivingFor
    {
        get
        {
            lock (_lock)
                return _receivingSince is { } since ? time.GetElapsedTime(since) : TimeSpan.Zero;
        }
    }

    /// <summary>How long the oldest running job has been running, or zero when none runs.</summary>
    public TimeSpan LongestJob => _jobs.Values.Select(started => time.GetElapsedTime(started)).DefaultIfEmpty(TimeSpan.Zero).Max();

    private sealed class Ended(Action end) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                end();
        }
    }
}
