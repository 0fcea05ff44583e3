using Microsoft.Extensions.Logging;
using TelegramAI.Aws.CloudWatch;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Downloads;

namespace TelegramAI.Worker.Telemetry;

/// <summary>
/// Counts the times a site refused this worker with its bot check, as <see cref="BotCheckMetric"/> in
/// CloudWatch (the production template's alarm tells the operator that cookies or a proxy are needed) and
/// as an OpenTelemetry counter. Publishing is best effort: a job never fails because the count could not go out.
/// </summary>
public sealed class BotCheckRefusals(ICloudWatchClient cloudWatch, TimeProvider time, ILogger<BotCheckRefusals> logger)
{
    private static readonly TimeSpan PublishTimeLimit = TimeSpan.FromSeconds(10);

    /// <param name="jobsQueueUrl">The jobs queue the refused job came from; its name is the metric's dimension.</param>
    public async Task RecordAsync(string jobsQueueUrl)
    {
        WorkerTelemetry.BotCheckRefusals.Add(1);
        try
        {
            using var timeLimit = new CancellationTokenSource(PublishTimeLimit);
            await cloudWatch.PutMetricDataAsync(new PutMetricDataRequest
            {
                Namespace = BotCheckMetric.Namespace,
                MetricData =
                [
                    new MetricDatum
                    {
                        MetricName = BotCheckMetric.MetricName,
                        Dimensions = [new Dimension { Name = BotCheckMetric.DimensionName, Value = QueueAddress.NameOf(jobsQueueUrl) }],
                        TimestampUtc = time.GetUtcNow(),
                        Value = 1,
                        Unit = BotCheckMetric.Unit,
                    },
                ],
            }, timeLimit.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not publish {Metric} to CloudWatch", BotCheckMetric.MetricName);
        }
    }

}
