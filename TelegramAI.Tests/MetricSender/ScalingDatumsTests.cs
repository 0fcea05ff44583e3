using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Measuring;
using TelegramAI.MetricSender.Publishing;

namespace TelegramAI.Tests.MetricSender;

public sealed class ScalingDatumsTests
{
    private static readonly DateTimeOffset MeasuredAt = new(2025, 6, 1, 12, 0, 30, 250, TimeSpan.Zero);

    private static readonly TargetMeasurement Measurement =
        new(new ScalingTarget { Queue = "jobs", AutoScalingGroup = "workers" }, Messages: 100, Capacity: 5, MeasuredAt);

    [Fact]
    public void The_metric_and_its_inputs_carry_the_group_dimension_the_unit_and_the_time_of_measurement()
    {
        var datums = ScalingDatums.For(Measurement, new ScalingOptions { MetricName = "Backlog" }).ToList();

        datums.Select(d => (d.MetricName, d.Value, d.Unit)).ShouldBe(
        [
            ("Backlog", 20.0, ScalingMetric.Unit),
            (ScalingMetric.MessagesMetricName, 100.0, StandardUnit.Count),
            (ScalingMetric.CapacityMetricName, 5.0, StandardUnit.Count),
            // ceil(100 waiting / 7 per instance) = 15 instances, 10 more than the 5 there are.
            (ScalingMetric.CapacityGapMetricName, 10.0, StandardUnit.Count),
        ]);
        datums.ShouldAllBe(d => d.TimestampUtc == MeasuredAt && d.StorageResolution == null);
        datums.ShouldAllBe(d => d.Dimensions.Count == 1 && d.Dimensions[0].Name == ScalingMetric.DimensionName && d.Dimensions[0].Value == "workers");
    }

    [Fact]
    public void High_resolution_stores_every_datum_per_second() =>
        ScalingDatums.For(Measurement, new ScalingOptions { HighResolution = true }).ShouldAllBe(d => d.StorageResolution == 1);
}
