using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TelegramAI.Worker.Jobs;

namespace TelegramAI.Worker.Scaling;

/// <summary>
/// The worker is hung when its job loop stops moving: a receive that has not come back long after its long poll
/// (the SDK's own timeouts would have ended a working one), or a job running for longer than any download may take
/// (<c>Worker__HungJobAfter</c>: yt-dlp or an upload stuck for good). <c>/health</c> then answers unhealthy, which the
/// container's health check and the <see cref="UnhealthyReporter"/> act on. A worker that is being terminated is
/// not hung.
/// </summary>
public sealed class JobLoopHealthCheck(JobLoopActivity activity, InstanceTermination termination, IOptions<WorkerOptions> options) : IHealthCheck
{
    public const string Name = "job-loop";

    /// <summary>A receive long-polls for 20 s; one still waiting after this has hung.</summary>
    public static readonly TimeSpan ReceiveLimit = TimeSpan.FromMinutes(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (termination.IsTerminating)
            return Task.FromResult(HealthCheckResult.Healthy("terminating: jobs released"));

        var receiving = activity.ReceivingFor;
        if (receiving > ReceiveLimit)
            return Task.FromResult(HealthCheckResult.Unhealthy($"a receive from the jobs queue has waited {receiving.TotalSeconds:0} s"));

        var longest = activity.LongestJob;
        var limit = options.Value.HungJobAfter;
        return Task.FromResult(longest > limit
            ? HealthCheckResult.Unhealthy($"a job has run for {longest.TotalSeconds:0} s, more than Worker__HungJobAfter ({limit.TotalSeconds:0} s)")
            : HealthCheckResult.Healthy());
    }
}
