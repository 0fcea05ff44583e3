using TelegramAI.MetricSender.Measuring;

namespace TelegramAI.Tests.MetricSender;

public sealed class BacklogCalculatorTests
{
    [Theory]
    [InlineData(0, 100, 100)]
    [InlineData(0, 0, 0)]
    [InlineData(2, 100, 50)]
    [InlineData(5, 100, 20)]
    [InlineData(10, 100, 10)]
    [InlineData(4, 3, 0.75)]
    public void Backlog_per_instance_is_messages_over_capacity_and_the_message_count_at_zero_capacity(int capacity, long messages, double expected) =>
        BacklogCalculator.BacklogPerInstance(messages, capacity).ShouldBe(expected);

    [Fact]
    public void Negative_inputs_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => BacklogCalculator.BacklogPerInstance(-1, 2));
        Should.Throw<ArgumentOutOfRangeException>(() => BacklogCalculator.BacklogPerInstance(1, -2));
    }
}
