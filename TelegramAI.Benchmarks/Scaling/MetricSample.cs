namespace TelegramAI.Benchmarks.Scaling;

/// <summary>What the MetricSender measures and publishes at one instant of the simulation.</summary>
/// <param name="Messages">Jobs waiting in the queue (SQS's ApproximateNumberOfMessages).</param>
/// <param name="InFlight">Jobs being worked on (ApproximateNumberOfMessagesNotVisible).</param>
/// <param name="Capacity">The group's desired capacity.</param>
/// <param name="BacklogPerInstance">The scaling metric, from the MetricSender's own BacklogCalculator.</param>
public sealed record MetricSample(long Messages, long InFlight, int Capacity, double BacklogPerInstance);

/// <summary>The samples of one minute, as CloudWatch aggregates them into a one-minute datapoint.</summary>
public sealed class MinuteOfSamples(IReadOnlyList<MetricSample> samples)
{
    public IReadOnlyList<MetricSample> Samples => samples;

    public double Average(Func<MetricSample, double> metric) => samples.Count == 0 ? 0 : samples.Average(metric);

    public double Maximum(Func<MetricSample, double> metric) => samples.Count == 0 ? 0 : samples.Max(metric);
}
