using System.Text.Json.Nodes;
using TelegramAI.Contracts.Scaling;
using TelegramAI.Deployment;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Measuring;
using TelegramAI.MetricSender.Publishing;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Tests.Deployment;

/// <summary>
/// The template's scaling policy and alarms read what the MetricSender's own code publishes
/// with its default settings (the settings the template gives it), not merely the same constants.
/// </summary>
public sealed class TemplateMatchesMetricSenderTests
{
    private static readonly ScalingOptions Defaults = new();

    private static List<TelegramAI.Aws.CloudWatch.Model.MetricDatum> Published() =>
        ScalingDatums.For(new TargetMeasurement(new ScalingTarget { Queue = "jobs", AutoScalingGroup = "workers" }, Messages: 12, Capacity: 3, DateTimeOffset.UtcNow), Defaults).ToList();

    [Theory]
    [InlineData(nameof(Resources.WorkersShortAlarm))]
    [InlineData(nameof(Resources.WorkersSpareAlarm))]
    public void The_scaling_alarms_read_the_capacity_gap_datum_the_MetricSender_sends(string alarmName)
    {
        var gap = Published().Single(datum => datum.MetricName == ScalingMetric.CapacityGapMetricName);
        var alarm = EmittedTemplate.Properties(alarmName);

        alarm["Namespace"]!.GetValue<string>().ShouldBe(Defaults.Namespace);
        alarm["MetricName"]!.GetValue<string>().ShouldBe(gap.MetricName);
        AssertDimensionIsTheWorkerGroup(alarm["Dimensions"]!.AsArray(), gap);
    }

    [Fact]
    public void The_metric_missing_alarm_reads_the_scaling_datum_the_MetricSender_sends()
    {
        var scaling = Published()[0];
        var alarm = EmittedTemplate.Properties(Resources.ScalingMetricMissingAlarm);

        alarm["Namespace"]!.GetValue<string>().ShouldBe(Defaults.Namespace);
        alarm["MetricName"]!.GetValue<string>().ShouldBe(scaling.MetricName);
        AssertDimensionIsTheWorkerGroup(alarm["Dimensions"]!.AsArray(), scaling);
    }

    [Fact]
    public void The_MetricSender_and_the_template_default_to_the_same_target() =>
        new ScalingTarget().BacklogPerInstanceTarget.ShouldBe(EmittedTemplate.Build()["Parameters"]![Parameters.BacklogPerInstanceTarget]!["Default"]!.GetValue<int>());

    private static void AssertDimensionIsTheWorkerGroup(JsonArray dimensions, TelegramAI.Aws.CloudWatch.Model.MetricDatum datum)
    {
        var dimension = dimensions.ShouldHaveSingleItem()!;
        dimension["Name"]!.GetValue<string>().ShouldBe(datum.Dimensions.Single().Name);
        JsonNode.DeepEquals(dimension["Value"], Fn.Ref(Resources.WorkerGroup)).ShouldBeTrue();
    }
}
