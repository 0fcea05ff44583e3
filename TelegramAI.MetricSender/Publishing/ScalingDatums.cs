using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Measuring;

namespace TelegramAI.MetricSender.Publishing;

/// <summary>
/// The CloudWatch datums of one measurement: the scaling metric, its two inputs for dashboards, and the capacity gap
/// the template's step policies act on.
/// </summary>
public static class ScalingDatums
{
    public static IEnumerable<MetricDatum> For(TargetMeasurement measurement, ScalingOptions options)
    {
        // The datums of a period share the instant they were measured at, not the instant they were sent.
        MetricDatum Datum(string name, double value, string unit) => new()
        {
            MetricName = name,
            Dimensions = [new Dimension { Name = ScalingMetric.DimensionName, Value = measurement.Target.AutoScalingGroup }],
            Value = value,
            Unit = unit,
            TimestampUtc = measurement.MeasuredAt,
            StorageResolution = options.HighResolution ? 1 : null,
        };

        yield return Datum(options.MetricName, measurement.BacklogPerInstance, ScalingMetric.Unit);
        yield return Datum(ScalingMetric.MessagesMetricName, measurement.Messages, StandardUnit.Count);
        yield return Datum(ScalingMetric.CapacityMetricName, measurement.Capacity, StandardUnit.Count);
        yield return Datum(ScalingMetric.CapacityGapMetricName, measurement.CapacityGap, StandardUnit.Count);
    }
}
