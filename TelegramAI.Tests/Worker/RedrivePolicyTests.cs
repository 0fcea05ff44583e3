using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Jobs;

namespace TelegramAI.Tests.Worker;

public sealed class RedrivePolicyTests
{
    [Theory]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:jobs-dlq","maxReceiveCount":3}""")]
    [InlineData("""{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:jobs-dlq", "maxReceiveCount": "3"}""")]
    public void A_policy_is_read_with_its_count_as_a_number_or_a_string(string json) =>
        RedrivePolicy.Parse(json).ShouldBe(new RedrivePolicy("arn:aws:sqs:us-east-1:123456789012:jobs-dlq", 3));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"maxReceiveCount":3}""")]
    [InlineData("""{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:q","maxReceiveCount":0}""")]
    public void No_policy_or_an_unreadable_one_is_none(string? json) => RedrivePolicy.Parse(json).ShouldBeNull();

    [Fact]
    public void A_queue_arn_is_split_into_its_parts()
    {
        QueueArn.Parse("arn:aws:sqs:eu-west-1:123456789012:telegramai-jobs-dlq")
            .ShouldBe(new QueueArn("aws", "eu-west-1", "123456789012", "telegramai-jobs-dlq"));
        QueueArn.Parse("arn:aws:s3:::bucket").ShouldBeNull();
    }
}
