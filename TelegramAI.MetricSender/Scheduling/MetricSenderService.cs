using Microsoft.Extensions.Options;
using TelegramAI.Aws.Runtime;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Publishing;

namespace TelegramAI.MetricSender.Scheduling;

/// <summary>
/// Runs a <see cref="MetricCycle"/> at start, then at every period boundary until the service
/// stops. Each cycle gets a scope of its own, so its AWS clients come fresh from the HttpClient
/// factory and follow DNS changes.
/// </summary>
public sealed partial class MetricSenderService(
    IServiceScopeFactory scopes, IOptions<ScalingOptions> options, AwsClientSettings aws, TimeProvider time, ILogger<MetricSenderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = new PeriodClock(options.Value.Period, time);
        LogStarting(options.Value.Targets.Count, options.Value.Period, options.Value.Namespace, options.Value.MetricName, aws.Region);
        try
        {
            while (true)
            {
                await RunCycleAsync(scopes, stoppingToken);
                var tick = await clock.WaitForNextTickAsync(stoppingToken);
                if (tick.Skipped > 0)
                {
                    LogSkipped(tick.Skipped, tick.At);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the period under way is abandoned; the next instance publishes the next one.
        }
    }

    /// <summary>Measures and publishes one period in a scope of its own.</summary>
    public static async Task<CycleResult> RunCycleAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MetricCycle>().RunAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing {MetricName} to {Namespace} in {Region} for {Targets} targets every {Period}")]
    private partial void LogStarting(int targets, TimeSpan period, string @namespace, string metricName, string region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A cycle overran {Skipped} period boundaries; next cycle at {At:O}")]
    private partial void LogSkipped(int skipped, DateTimeOffset at);
}
