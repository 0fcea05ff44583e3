using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Health;

namespace TelegramAI.Tests.MetricSender;

public sealed class PublishingHealthCheckTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly PublishingHealthCheck _check;

    public PublishingHealthCheckTests() =>
        _check = new PublishingHealthCheck(Options.Create(new ScalingOptions { Period = Period }), _time);

    private async Task<HealthStatus> StatusAsync() =>
        (await _check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status;

    [Fact]
    public async Task A_starting_service_is_healthy_for_three_periods_then_unhealthy_without_a_publish()
    {
        (await StatusAsync()).ShouldBe(HealthStatus.Healthy);
        _time.Advance(Period * 3);
        (await StatusAsync()).ShouldBe(HealthStatus.Healthy);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await StatusAsync()).ShouldBe(HealthStatus.Unhealthy);
    }

    [Fact]
    public async Task Three_periods_after_the_last_publish_it_turns_unhealthy_and_a_publish_heals_it()
    {
        _time.Advance(Period);
        _check.RecordPublished(_time.GetUtcNow());
        _time.Advance(Period * 3);
        (await StatusAsync()).ShouldBe(HealthStatus.Healthy);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await _check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldBe("No metric published since 2025-06-01T12:00:30.0000000+00:00, more than 3 periods (00:01:30).");

        _check.RecordPublished(_time.GetUtcNow());
        (await StatusAsync()).ShouldBe(HealthStatus.Healthy);
        _check.LastPublished.ShouldBe(_time.GetUtcNow());
    }
}
