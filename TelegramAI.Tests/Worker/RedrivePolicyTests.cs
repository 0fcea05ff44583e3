using System.Net;
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

public sealed class PrivateHostGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Loopback_private_and_link_local_addresses_are_private(string address) =>
        PrivateHostGuard.IsPrivate(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2a00:1450:4001:81c::200e")]
    public void Public_addresses_are_not(string address) =>
        PrivateHostGuard.IsPrivate(IPAddress.Parse(address)).ShouldBeFalse();
}
