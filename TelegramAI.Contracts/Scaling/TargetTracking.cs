namespace TelegramAI.Contracts.Scaling;

/// <summary>What the rule remembers between evaluations: since when it has wanted fewer workers, and how many.</summary>
public sealed record ScaleInPending(DateTimeOffset Since, int Desired);

/// <param name="Desired">The capacity to set now.</param>
/// <param name="Pending">A scale-in waiting for its cooldown, or null.</param>
public sealed record ScalingDecision(int Desired, ScaleInPending? Pending, string Reason);

/// <summary>
/// Target tracking as Auto Scaling applies it, for the local worker pool: desired = ceil(capacity x metric /
/// target) within min..max. Scaling out happens at once; scaling in only after the metric has asked for
/// fewer workers for the whole cooldown, so one quiet sample does not stop a worker that is needed again.
/// </summary>
public sealed record TargetTracking(double Target, int Min, int Max, TimeSpan ScaleInCooldown)
{
    /// <param name="current">The group's desired capacity now.</param>
    /// <param name="metric">A datapoint of the metric not evaluated before, or null when none arrived.</param>
    public ScalingDecision Decide(int current, double? metric, DateTimeOffset now, ScaleInPending? pending)
    {
        var bounded = Math.Clamp(current, Min, Max);
        if (bounded != current)
        {
            return new ScalingDecision(bounded, null, $"capacity {current} is outside {Min}..{Max}");
        }

        if (metric is not { } value)
        {
            // No new datapoint: hold, except that a scale-in already asked for goes ahead once its cooldown is over.
            return pending is not null && now - pending.Since >= ScaleInCooldown
                ? new ScalingDecision(pending.Desired, null, $"scale-in after a {ScaleInCooldown.TotalSeconds:0.#} s cooldown")
                : new ScalingDecision(current, pending, "no new datapoint");
        }

        var proposed = Proposed(current, value);
        if (proposed > current)
        {
            return new ScalingDecision(proposed, null, $"metric {value:0.##} over target {Target:0.##}");
        }

        if (proposed == current)
        {
            return new ScalingDecision(current, null, "on target");
        }

        var since = pending?.Since ?? now;
        return now - since >= ScaleInCooldown
            ? new ScalingDecision(proposed, null, $"metric {value:0.##} under target {Target:0.##} for {ScaleInCooldown.TotalSeconds:0.#} s")
            : new ScalingDecision(current, new ScaleInPending(since, proposed), $"metric {value:0.##} under target {Target:0.##}: cooling down");
    }

    /// <summary>
    /// From zero workers the metric is the whole backlog (there is nobody to share it), so the capacity
    /// counts as one: otherwise ceil(0 x metric / target) would keep the pool at zero forever.
    /// </summary>
    private int Proposed(int current, double metric)
    {
        var capacity = Math.Max(current, 1);
        var exact = capacity * Math.Max(metric, 0) / Target;

        // A hair of tolerance so 30 / 10 is 3 workers, not 4 from a rounding error.
        var desired = (int)Math.Min(Math.Ceiling(exact - 1e-9), int.MaxValue);
        return Math.Clamp(desired, Min, Max);
    }
}
