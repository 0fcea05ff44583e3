using System.Text.Json.Nodes;
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

    [Fact]
    public void The_target_tracking_policy_tracks_the_scaling_datum_the_MetricSender_sends()
    {
        var scaling = Published()[0];
        var metric = EmittedTemplate.Properties(Resources.BacklogScalingPolicy)["TargetTrackingConfiguration"]!["CustomizedMetricSpecification"]!;

        metric["Namespace"]!.GetValue<string>().ShouldBe(Defaults.Namespace);
        metric["MetricName"]!.GetValue<string>().ShouldBe(scaling.MetricName);
        metric["Unit"]!.GetValue<string>().ShouldBe(scaling.Unit);
        AssertDimensionIsTheWorkerGroup(metric["Dimensions"]!.AsArray(), scaling);
    }

    [Fact]
    public void The_scale_out_from_zero_alarm_reads_the_raw_inputs_the_MetricSender_sends_and_starts_a_worker()
    {
        var published = Published();
        var alarm = EmittedTemplate.Properties(Resources.JobsWaitingWithoutWorkersAlarm);
        var inputs = alarm["Metrics"]!.AsArray().Where(m => m!["MetricStat"] is not null).Select(m => m!["MetricStat"]!["Metric"]!).ToList();

        inputs.Select(m => m["MetricName"]!.GetValue<string>()).ShouldBe([published[1].MetricName, published[2].MetricName]);
        inputs.ShouldAllBe(m => m["Namespace"]!.GetValue<string>() == Defaults.Namespace);
        foreach (var input in inputs)
        {
            AssertDimensionIsTheWorkerGroup(input["Dimensions"]!.AsArray(), published[1]);
        }

        JsonNode.DeepEquals(alarm["AlarmActions"]![0], Fn.Ref(Resources.ScaleOutFromZeroPolicy)).ShouldBeTrue();
        var policy = EmittedTemplate.Properties(Resources.ScaleOutFromZeroPolicy);
        policy["PolicyType"]!.GetValue<string>().ShouldBe("StepScaling");
        policy["StepAdjustments"]![0]!["ScalingAdjustment"]!.GetValue<int>().ShouldBe(1);
    }

    private static void AssertDimensionIsTheWorkerGroup(JsonArray dimensions, TelegramAI.Aws.CloudWatch.Model.MetricDatum datum)
    {
        var dimension = dimensions.ShouldHaveSingleItem()!;
        dimension["Name"]!.GetValue<string>().ShouldBe(datum.Dimensions.Single().Name);
        JsonNode.DeepEquals(dimension["Value"], Fn.Ref(Resources.WorkerGroup)).ShouldBeTrue();
    }
}
