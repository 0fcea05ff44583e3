namespace TelegramAI.Bot.Outbound;

/// <summary>
/// Spaces events evenly at a rate while allowing a short burst: the generic cell rate algorithm (GCRA), which keeps
/// one instant per limit, the "theoretical arrival time" of the next event. An event may go when that instant, less
/// the burst's allowance, has come; each event moves it one interval on. Waking up late does not lose the rate as
/// long as the lateness fits in the burst. Not thread-safe: its owner holds a lock.
/// </summary>
public sealed class Pace
{
    private readonly long interval;
    private readonly long tolerance;
    private long theoreticalArrival;

    /// <param name="perSecond">Events a second on average; above 0.</param>
    /// <param name="burst">Events that may go at once after a quiet spell; at least 1 (1: strictly evenly spaced).</param>
    public Pace(double perSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        interval = (long)Math.Ceiling(TimeSpan.TicksPerSecond / perSecond);
        tolerance = (burst - 1) * interval;
    }

    public TimeSpan Interval => TimeSpan.FromTicks(interval);

    /// <summary>How long from <paramref name="now"/> until the next event may go; zero when it may go now.</summary>
    public TimeSpan WaitAt(DateTimeOffset now) => TimeSpan.FromTicks(Math.Max(0, theoreticalArrival - tolerance - now.UtcTicks));

    /// <summary>Counts an event that goes at <paramref name="now"/>.</summary>
    public void Take(DateTimeOffset now) => theoreticalArrival = Math.Max(theoreticalArrival, now.UtcTicks) + interval;

    /// <summary>Whether the pace has forgotten every event: one made afresh would behave the same.</summary>
    public bool IsIdleAt(DateTimeOffset now) => theoreticalArrival <= now.UtcTicks;

    /// <summary>Lets nothing go before <paramref name="until"/> (Telegram asked to wait), and then no burst.</summary>
    public void HoldUntil(DateTimeOffset until) => theoreticalArrival = Math.Max(theoreticalArrival, until.UtcTicks + tolerance);
}
