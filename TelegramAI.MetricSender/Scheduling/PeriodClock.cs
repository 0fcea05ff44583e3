namespace TelegramAI.MetricSender.Scheduling;

/// <summary>A tick of <see cref="PeriodClock"/>.</summary>
/// <param name="At">The boundary the tick stands for.</param>
/// <param name="Skipped">Boundaries passed over because the previous cycle overran them.</param>
public readonly record struct PeriodTick(DateTimeOffset At, int Skipped);

/// <summary>
/// Ticks at the multiples of the period on the wall clock (every :00 and :30 for 30 s), however
/// long the work between ticks takes, so periods never drift. Work that overruns a boundary
/// skips to the next one still ahead rather than running the missed ones back to back.
/// </summary>
public sealed class PeriodClock
{
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private DateTimeOffset? _last;

    public PeriodClock(TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _period = period;
        _time = time;
    }

    /// <summary>The first multiple of <paramref name="period"/> since the Unix epoch strictly after <paramref name="instant"/>.</summary>
    public static DateTimeOffset BoundaryAfter(DateTimeOffset instant, TimeSpan period)
    {
        var sinceEpoch = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks((sinceEpoch / period.Ticks + 1) * period.Ticks);
    }

    /// <summary>Waits until the next boundary still ahead.</summary>
    public async Task<PeriodTick> WaitForNextTickAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var next = BoundaryAfter(_last ?? now, _period);
        var skipped = 0;
        if (next <= now)
        {
            var ahead = BoundaryAfter(now, _period);
            skipped = (int)((ahead - next).Ticks / _period.Ticks);
            next = ahead;
        }

        await Task.Delay(next - now, _time, cancellationToken);
        _last = next;
        return new PeriodTick(next, skipped);
    }
}
