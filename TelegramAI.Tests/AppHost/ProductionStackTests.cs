using TelegramAI.AppHost.LocalResources;
using TelegramAI.AppHost.Run;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.Ec2;
using TelegramAI.Aws.Ec2.Model;
using TelegramAI.Aws.Sqs.Model;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.AppHost;

/// <summary>The AppHost's local resources come from the production template, deployed into moto.</summary>
public sealed class ProductionStackTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_emulator_has_default_subnets_for_the_templates_network_parameters()
    {
        var subnets = (await new Ec2Client(moto.Http, moto.Settings()).DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter { Name = "default-for-az", Values = ["true"] }],
        }, Ct)).Subnets;

        subnets.ShouldNotBeEmpty();
        subnets.ShouldAllBe(subnet => subnet.DefaultForAz && subnet.SubnetId.StartsWith("subnet-") && subnet.VpcId.StartsWith("vpc-"));
    }

    [Fact]
    public async Task Deploying_gives_the_queues_bucket_and_worker_group_sized_by_the_settings_and_a_second_run_reuses_them()
    {
        var options = new AppHostOptions { StackName = MotoFixture.UniqueName("apphost"), Workers = 2, MinWorkers = 1, MaxWorkers = 4 };
        var cloudFormation = new CloudFormationClient(moto.Http, moto.Settings());
        var ec2 = new Ec2Client(moto.Http, moto.Settings());

        var outputs = await ProductionStack.DeployAsync(cloudFormation, ec2, "us-east-1", options, Ct);

        outputs.JobsQueueUrl.ShouldEndWith($"/{options.StackName}-jobs");
        outputs.ResultsQueueUrl.ShouldEndWith($"/{options.StackName}-results");
        outputs.DeadLetterQueueUrl.ShouldEndWith($"/{options.StackName}-jobs-dlq");
        outputs.Bucket.ShouldStartWith(options.StackName.ToLowerInvariant());
        var group = (await new AutoScalingClient(moto.Http, moto.Settings()).DescribeAutoScalingGroupsAsync(
            new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [outputs.WorkerGroup] }, Ct)).AutoScalingGroups.Single();
        (group.MinSize, group.MaxSize, group.DesiredCapacity).ShouldBe((1, 4, 2));
        var redrive = (await moto.Sqs().GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = outputs.JobsQueueUrl, AttributeNames = ["RedrivePolicy"] }, Ct)).Attributes["RedrivePolicy"];
        redrive.ShouldContain($"{options.StackName}-jobs-dlq");

        (await ProductionStack.DeployAsync(cloudFormation, ec2, "us-east-1", options, Ct)).ShouldBe(outputs);
    }
}
