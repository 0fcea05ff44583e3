using TelegramAI.Contracts.Scaling;

namespace TelegramAI.Tests.Contracts;

public sealed class TargetTrackingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TargetTracking Rule = new(Target: 10, Min: 1, Max: 5, ScaleInCooldown: TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(1, 30.0, 3)]
    [InlineData(2, 15.0, 3)]
    [InlineData(1, 10.0, 1)]
    [InlineData(1, 10.5, 2)]
    [InlineData(3, 100.0, 5)]
    public void Scales_out_at_once_to_ceil_of_capacity_times_metric_over_target_within_max(int current, double metric, int expected)
    {
        var decision = Rule.Decide(current, metric, Now, pending: null);

        decision.Desired.ShouldBe(expected);
        decision.Pending.ShouldBeNull();
    }

    [Fact]
    public void From_zero_workers_the_backlog_counts_as_one_workers_share()
    {
        var rule = Rule with { Min = 0 };

        rule.Decide(0, 25, Now, pending: null).Desired.ShouldBe(3);
        rule.Decide(0, 0, Now, pending: null).Desired.ShouldBe(0);
    }

    [Fact]
    public void Scales_in_only_after_the_metric_asked_for_fewer_workers_for_the_whole_cooldown()
    {
        var first = Rule.Decide(4, 0, Now, pending: null);
        first.Desired.ShouldBe(4);
        first.Pending.ShouldBe(new ScaleInPending(Now, 1));

        var during = Rule.Decide(4, 2, Now.AddSeconds(59), first.Pending);
        during.Desired.ShouldBe(4);
        during.Pending!.Since.ShouldBe(Now);

        var after = Rule.Decide(4, 5, Now.AddSeconds(60), during.Pending);
        after.Desired.ShouldBe(2);
        after.Pending.ShouldBeNull();
    }

    [Fact]
    public void A_datapoint_on_or_over_target_cancels_a_pending_scale_in()
    {
        var pending = Rule.Decide(3, 1, Now, pending: null).Pending;

        var back = Rule.Decide(3, 10, Now.AddSeconds(30), pending);
        back.Desired.ShouldBe(3);
        back.Pending.ShouldBeNull();

        Rule.Decide(3, 1, Now.AddSeconds(61), back.Pending).Desired.ShouldBe(3);
    }

    [Fact]
    public void Without_a_new_datapoint_it_holds_but_finishes_a_scale_in_whose_cooldown_is_over()
    {
        Rule.Decide(2, null, Now, pending: null).ShouldBe(new ScalingDecision(2, null, "no new datapoint"));

        var pending = new ScaleInPending(Now, 1);
        Rule.Decide(2, null, Now.AddSeconds(30), pending).Desired.ShouldBe(2);
        Rule.Decide(2, null, Now.AddSeconds(60), pending).Desired.ShouldBe(1);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(9, 5)]
    public void A_capacity_outside_min_and_max_is_brought_back_at_once(int current, int expected) =>
        Rule.Decide(current, null, Now, pending: null).Desired.ShouldBe(expected);

    [Fact]
    public void No_cooldown_scales_in_on_the_first_low_datapoint() =>
        (Rule with { ScaleInCooldown = TimeSpan.Zero }).Decide(3, 0, Now, pending: null).Desired.ShouldBe(1);
}
