using Microsoft.Extensions.Time.Testing;
using TelegramAI.MetricSender.Scheduling;

namespace TelegramAI.Tests.MetricSender;

public sealed class PeriodClockTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_tick_is_the_next_wall_clock_boundary_not_a_period_after_the_start()
    {
        var time = new FakeTimeProvider(Noon.AddSeconds(7));
        var clock = new PeriodClock(Period, time);

        var tick = clock.WaitForNextTickAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(23) - TimeSpan.FromTicks(1));
        tick.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromTicks(1));

        (await tick.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBe(new PeriodTick(Noon.AddSeconds(30), Skipped: 0));
    }

    [Fact]
    public async Task A_start_exactly_on_a_boundary_waits_for_the_next_one()
    {
        var time = new FakeTimeProvider(Noon);
        var clock = new PeriodClock(Period, time);

        var tick = clock.WaitForNextTickAsync(Ct);
        time.Advance(Period);

        (await tick.WaitAsync(TimeSpan.FromSeconds(10), Ct)).At.ShouldBe(Noon + Period);
    }

    [Fact]
    public async Task Ticks_stay_on_the_boundaries_however_long_each_cycle_takes()
    {
        var time = new FakeTimeProvider(Noon.AddSeconds(3));
        var clock = new PeriodClock(Period, time);
        var ticks = new List<DateTimeOffset>();

        foreach (var work in new[] { 1, 13, 29, 0, 7 })
        {
            var tick = clock.WaitForNextTickAsync(Ct);
            time.Advance(PeriodClock.BoundaryAfter(time.GetUtcNow(), Period) - time.GetUtcNow());
            var at = (await tick.WaitAsync(TimeSpan.FromSeconds(10), Ct)).At;
            ticks.Add(at);
            time.GetUtcNow().ShouldBe(at);
            time.Advance(TimeSpan.FromSeconds(work));
        }

        ticks.ShouldBe(Enumerable.Range(1, 5).Select(i => Noon + Period * i));
    }

    [Fact]
    public async Task A_cycle_that_overruns_skips_to_the_next_boundary_ahead_instead_of_catching_up()
    {
        var time = new FakeTimeProvider(Noon.AddSeconds(1));
        var clock = new PeriodClock(Period, time);
        var first = clock.WaitForNextTickAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(29));
        (await first.WaitAsync(TimeSpan.FromSeconds(10), Ct)).At.ShouldBe(Noon.AddSeconds(30));

        // The cycle after 12:00:30 takes 65 s, past 12:01:00 and 12:01:30.
        time.Advance(TimeSpan.FromSeconds(65));
        var next = clock.WaitForNextTickAsync(Ct);
        next.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(25));

        (await next.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBe(new PeriodTick(Noon.AddMinutes(2), Skipped: 2));

        var after = clock.WaitForNextTickAsync(Ct);
        time.Advance(Period);
        (await after.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBe(new PeriodTick(Noon.AddMinutes(2) + Period, Skipped: 0));
    }

    [Fact]
    public async Task Periods_that_do_not_divide_a_minute_are_aligned_to_the_unix_epoch()
    {
        var period = TimeSpan.FromSeconds(45);
        var time = new FakeTimeProvider(Noon);
        var clock = new PeriodClock(period, time);

        var tick = clock.WaitForNextTickAsync(Ct);
        time.Advance(TimeSpan.FromMinutes(1));

        var at = (await tick.WaitAsync(TimeSpan.FromSeconds(10), Ct)).At;
        ((at - DateTimeOffset.UnixEpoch).Ticks % period.Ticks).ShouldBe(0);
        at.ShouldBeGreaterThan(Noon);
        (at - Noon).ShouldBeLessThanOrEqualTo(period);
    }

    [Fact]
    public async Task Stopping_ends_the_wait()
    {
        var time = new FakeTimeProvider(Noon);
        var clock = new PeriodClock(Period, time);
        using var stop = new CancellationTokenSource();

        var tick = clock.WaitForNextTickAsync(stop.Token);
        await stop.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => tick.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}
