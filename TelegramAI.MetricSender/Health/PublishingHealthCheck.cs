using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TelegramAI.MetricSender.Configuration;

namespace TelegramAI.MetricSender.Health;

/// <summary>
/// Unhealthy once three periods pass without a successful publish. Target tracking keeps the
/// last capacity when its metric stops, so a MetricSender that cannot publish freezes scaling
/// (no scale-in ever): /health must say so. The count starts when the service does.
/// </summary>
public sealed class PublishingHealthCheck(IOptions<ScalingOptions> options, TimeProvider time) : IHealthCheck
{
    public const string Name = "metric-publishing";
    public const int AllowedSilentPeriods = 3;

    private readonly DateTimeOffset _started = time.GetUtcNow();
    private long _lastPublishedTicks;

    public DateTimeOffset? LastPublished =>
        Interlocked.Read(ref _lastPublishedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void RecordPublished(DateTimeOffset at) => Interlocked.Exchange(ref _lastPublishedTicks, at.UtcTicks);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var allowed = options.Value.Period * AllowedSilentPeriods;
        var last = LastPublished;
        var silent = time.GetUtcNow() - (last ?? _started);
        var since = last is { } at ? $"since {at:O}" : $"since the start at {_started:O}";
        return Task.FromResult(silent > allowed
            ? HealthCheckResult.Unhealthy($"No metric published {since}, more than {AllowedSilentPeriods} periods ({allowed}).")
            : HealthCheckResult.Healthy(last is { } published ? $"Last published at {published:O}." : $"Starting; no metric published {since}."));
    }
}
