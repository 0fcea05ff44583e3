using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Tests.Contracts;

public sealed class TargetTrackingTests
{
    private static readonly TargetTracking Aws = new(Target: 10, Min: 0, Max: 100);

    /// <summary>The local autoscaler's pace: out on one datapoint, in after three.</summary>
    private static readonly TargetTracking Local = new(Target: 10, Min: 1, Max: 5) { ScaleOutDatapoints = 1, ScaleInDatapoints = 3 };

    [Theory]
    [InlineData(1, 30.0, 3)]
    [InlineData(2, 15.0, 3)]
    [InlineData(1, 10.5, 2)]
    [InlineData(3, 100.0, 5)]
    public void Scales_out_to_ceil_of_capacity_times_metric_over_target_within_max(int current, double metric, int expected) =>
        Local.Decide(GroupCapacity.Ready(current), metric, default).Desired.ShouldBe(expected);

    [Fact]
    public void A_datapoint_on_the_target_is_not_above_it() =>
        Local.Decide(GroupCapacity.Ready(1), 10.0, default).ShouldBe(new ScalingDecision(1, new TrackingAlarms(0, 0), "within the alarms"));

    [Fact]
    public void Aws_scales_out_only_on_the_third_datapoint_in_a_row_above_the_target()
    {
        var group = GroupCapacity.Ready(2);
        var first = Aws.Decide(group, 50, default);
        var second = Aws.Decide(group, 50, first.Alarms);
        var third = Aws.Decide(group, 50, second.Alarms);

        first.Desired.ShouldBe(2);
        second.Desired.ShouldBe(2);
        third.Desired.ShouldBe(10);
        third.Alarms.ShouldBe(new TrackingAlarms(3, 0));
    }

    [Fact]
    public void A_datapoint_at_or_under_the_target_resets_the_high_alarm()
    {
        var alarms = Aws.Decide(GroupCapacity.Ready(2), 50, default).Alarms;
        alarms = Aws.Decide(GroupCapacity.Ready(2), 50, alarms).Alarms;
        alarms = Aws.Decide(GroupCapacity.Ready(2), 10, alarms).Alarms;

        Aws.Decide(GroupCapacity.Ready(2), 50, alarms).Desired.ShouldBe(2);
    }

    [Fact]
    public void Aws_scales_in_after_fifteen_datapoints_under_ninety_percent_of_the_target()
    {
        var group = GroupCapacity.Ready(10);
        var alarms = default(TrackingAlarms);
        for (var i = 1; i < TargetTracking.AwsScaleInDatapoints; i++)
        {
            var holding = Aws.Decide(group, 2, alarms);
            holding.Desired.ShouldBe(10);
            alarms = holding.Alarms;
        }

        Aws.Decide(group, 2, alarms).Desired.ShouldBe(2);
    }

    [Fact]
    public void Between_ninety_percent_of_the_target_and_the_target_nothing_moves()
    {
        var alarms = default(TrackingAlarms);
        for (var i = 0; i < 20; i++)
        {
            var decision = Aws.Decide(GroupCapacity.Ready(10), 9.5, alarms);
            decision.Desired.ShouldBe(10);
            alarms = decision.Alarms;
        }

        alarms.ShouldBe(new TrackingAlarms(0, 0));
    }

    [Fact]
    public void Scaling_out_leaves_warming_instances_out_of_the_capacity_so_they_are_not_added_twice()
    {
        // 4 instances past warm-up, 6 more launched a minute ago; the backlog (per desired instance) still reads 12.
        var decision = (Local with { Max = 20 }).Decide(new GroupCapacity(Desired: 10, WarmedUp: 4), 12, default);

        decision.Desired.ShouldBe(10);
        decision.Reason.ShouldContain("enough capacity on its way");
    }

    [Fact]
    public void Scaling_in_waits_until_no_instance_is_warming_up()
    {
        var alarms = new TrackingAlarms(0, 2);

        Local.Decide(new GroupCapacity(Desired: 4, WarmedUp: 3), 0, alarms).Desired.ShouldBe(4);
        Local.Decide(new GroupCapacity(Desired: 4, WarmedUp: 4), 0, alarms).Desired.ShouldBe(1);
    }

    [Fact]
    public void From_zero_instances_the_backlog_counts_as_one_instances_share()
    {
        var fromZero = Local with { Min = 0 };

        fromZero.Decide(GroupCapacity.Ready(0), 25, default).Desired.ShouldBe(3);
        fromZero.Decide(GroupCapacity.Ready(0), 0, default).Desired.ShouldBe(0);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(9, 5)]
    public void A_capacity_outside_min_and_max_is_brought_back_at_once(int current, int expected) =>
        Local.Decide(GroupCapacity.Ready(current), 10, default).Desired.ShouldBe(expected);

    [Fact]
    public void Scaling_in_never_goes_under_the_minimum() =>
        (Local with { ScaleInDatapoints = 1 }).Decide(GroupCapacity.Ready(3), 0, default).Desired.ShouldBe(1);
}
