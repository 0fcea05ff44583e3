using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudFormation.Model;
using TelegramAI.Aws.S3;
using TelegramAI.Deployment;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Deployment;

/// <summary>The AppHost's local resources come from the production template, deployed into moto.</summary>
public sealed class LocalStackTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_emulator_has_default_subnets_for_the_templates_network_parameters()
    {
        using var ec2 = moto.Settings().CreateEc2Client();
        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter { Name = "default-for-az", Values = ["true"] }],
        }, Ct)).Subnets;

        subnets.ShouldNotBeEmpty();
        subnets.ShouldAllBe(subnet => subnet.DefaultForAz == true && subnet.SubnetId.StartsWith("subnet-") && subnet.VpcId.StartsWith("vpc-"));
    }

    [Fact]
    public async Task Deploying_gives_the_queues_bucket_launch_templates_and_worker_group_as_configured_and_a_second_run_reuses_them()
    {
        var options = new LocalStackParameters(MotoFixture.UniqueName("apphost"), MinWorkers: 1, MaxWorkers: 4, Workers: 2, BacklogPerInstanceTarget: 10);
        var cloudFormation = new CloudFormationClient(moto.Http, moto.Settings());
        using var ec2 = moto.Settings().CreateEc2Client();

        var outputs = await LocalStack.DeployAsync(cloudFormation, ec2, "us-east-1", options, Ct);

        outputs.JobsQueueUrl.ShouldEndWith($"/{options.StackName}-jobs");
        outputs.ResultsQueueUrl.ShouldEndWith($"/{options.StackName}-results");
        outputs.DeadLetterQueueUrl.ShouldEndWith($"/{options.StackName}-jobs-dlq");
        outputs.Bucket.ShouldStartWith(options.StackName.ToLowerInvariant());
        var group = (await new AutoScalingClient(moto.Http, moto.Settings()).DescribeAutoScalingGroupsAsync(
            new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [outputs.WorkerGroup] }, Ct)).AutoScalingGroups.Single();
        (group.MinSize, group.MaxSize, group.DesiredCapacity).ShouldBe((1, 4, 2));
        var sqs = moto.Sqs();
        var jobs = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = outputs.JobsQueueUrl, AttributeNames = [QueueAttributeName.All] }, Ct);
        var deadLetter = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = outputs.DeadLetterQueueUrl, AttributeNames = [QueueAttributeName.All] }, Ct);
        jobs.Attributes[QueueAttributeName.VisibilityTimeout].ShouldBe("900");
        var redrive = JsonNode.Parse(jobs.Attributes[QueueAttributeName.RedrivePolicy])!;
        ((string)redrive["deadLetterTargetArn"]!).ShouldBe(deadLetter.QueueARN);
        redrive["maxReceiveCount"]!.ToString().ShouldBe("3");
        deadLetter.Attributes[QueueAttributeName.MessageRetentionPeriod].ShouldBe("1209600");

        using var s3 = moto.Settings().CreateS3Client();
        var encryption = await s3.GetBucketEncryptionAsync(new Amazon.S3.Model.GetBucketEncryptionRequest() { BucketName = outputs.Bucket }, Ct);
        encryption.ServerSideEncryptionConfiguration.ServerSideEncryptionRules.ShouldHaveSingleItem()
            .ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm.Value.ShouldBe("AES256");

        var resources = (await cloudFormation.ListStackResourcesAsync(new ListStackResourcesRequest() { StackName = options.StackName }, Ct)).StackResourceSummaries;
        var launchTemplates = resources.Where(r => r.ResourceType == "AWS::EC2::LaunchTemplate").ToList();
        launchTemplates.Select(r => r.LogicalResourceId).Order().ShouldBe(["BotLaunchTemplate", "WorkerLaunchTemplate"]);
        launchTemplates.ShouldAllBe(r => r.ResourceStatus == "CREATE_COMPLETE" && r.PhysicalResourceId!.StartsWith("lt-"));

        // The bot's group of one, its state volume and the operator's dashboard are created too (moto skips the alarms and policies).
        resources.ShouldContain(r => r.LogicalResourceId == "BotStateVolume" && r.ResourceStatus == "CREATE_COMPLETE" && r.PhysicalResourceId!.StartsWith("vol-"));
        resources.ShouldContain(r => r.LogicalResourceId == "OperatorDashboard" && r.ResourceStatus == "CREATE_COMPLETE");
        var bot = (await new AutoScalingClient(moto.Http, moto.Settings()).DescribeAutoScalingGroupsAsync(
            new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [$"{options.StackName}-bot"] }, Ct)).AutoScalingGroups.Single();
        (bot.MinSize, bot.MaxSize, bot.DesiredCapacity, bot.Instances.Count).ShouldBe((1, 1, 1, 1));

        (await LocalStack.DeployAsync(cloudFormation, ec2, "us-east-1", options, Ct)).ShouldBe(outputs);
    }
}
