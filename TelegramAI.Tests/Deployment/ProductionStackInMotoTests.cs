using System.Text.Json.Nodes;
using Amazon.S3;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.Ec2;
using TelegramAI.Aws.S3;
using TelegramAI.Aws.Sqs.Model;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Deployment;

/// <summary>The committed production template, deployed into moto's CloudFormation as it would be into AWS.</summary>
public sealed class ProductionStackInMotoTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_production_template_deploys_and_creates_queues_bucket_launch_template_and_group_as_configured()
    {
        var subnets = await new Ec2Client(moto.Http, moto.Settings()).DescribeSubnetsAsync(new(), Ct);
        var subnet = subnets.Subnets.First(s => s.DefaultForAz);
        var template = File.ReadAllText(Path.Combine(EmittedTemplate.RepositoryRoot(), "deploy", "telegramai.template.json"));
        var stackName = MotoFixture.UniqueName("prod");
        var cloudFormation = new CloudFormationClient(moto.Http, moto.Settings());

        var outputs = await LocalStacks.DeployAsync(cloudFormation, stackName, template, Ct, new Dictionary<string, string>
        {
            ["TelegramBotToken"] = "123456:not-a-real-token",
            ["ContainerRegistry"] = "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            ["BotImageTag"] = "test",
            ["WorkerImageTag"] = "test",
            ["MetricSenderImageTag"] = "test",
            ["VpcId"] = subnet.VpcId,
            ["BotSubnetId"] = subnet.SubnetId,
            ["WorkerSubnetIds"] = subnet.SubnetId,
            ["WorkerMinSize"] = "1",
            ["WorkerMaxSize"] = "7",
            ["WorkerDesiredCapacity"] = "2",
        });

        var sqs = moto.Sqs();
        var jobs = await sqs.GetQueueAttributesAsync(new() { QueueUrl = outputs["JobsQueueUrl"], AttributeNames = [QueueAttributeName.All] }, Ct);
        var deadLetter = await sqs.GetQueueAttributesAsync(new() { QueueUrl = outputs["JobsDeadLetterQueueUrl"], AttributeNames = [QueueAttributeName.All] }, Ct);
        jobs.Attributes[QueueAttributeName.VisibilityTimeout].ShouldBe("900");
        var redrive = JsonNode.Parse(jobs.Attributes[QueueAttributeName.RedrivePolicy])!;
        ((string)redrive["deadLetterTargetArn"]!).ShouldBe(deadLetter.QueueARN);
        redrive["maxReceiveCount"]!.ToString().ShouldBe("3");
        deadLetter.Attributes[QueueAttributeName.MessageRetentionPeriod].ShouldBe("1209600");
        (await sqs.GetQueueAttributesAsync(new() { QueueUrl = outputs["ResultsQueueUrl"], AttributeNames = [QueueAttributeName.QueueArn] }, Ct)).QueueARN.ShouldNotBeNull();
        outputs["JobsQueueUrl"].ShouldContain(stackName);

        using var s3 = S3ClientFactory.Create(moto.Settings());
        var encryption = await s3.GetBucketEncryptionAsync(new() { BucketName = outputs["VideoBucketName"] }, Ct);
        encryption.ServerSideEncryptionConfiguration.ServerSideEncryptionRules.ShouldHaveSingleItem()
            .ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm.Value.ShouldBe("AES256");

        var group = (await new AutoScalingClient(moto.Http, moto.Settings()).DescribeAutoScalingGroupsAsync(new() { AutoScalingGroupNames = [outputs["WorkerGroupName"]] }, Ct))
            .AutoScalingGroups.ShouldHaveSingleItem();
        group.MinSize.ShouldBe(1);
        group.MaxSize.ShouldBe(7);
        group.DesiredCapacity.ShouldBe(2);

        var resources = (await cloudFormation.ListStackResourcesAsync(new() { StackName = stackName }, Ct)).StackResourceSummaries;
        resources.Where(r => r.ResourceType == "AWS::EC2::LaunchTemplate").Select(r => r.LogicalResourceId).Order().ShouldBe(["BotLaunchTemplate", "WorkerLaunchTemplate"]);
        resources.Where(r => r.ResourceType == "AWS::EC2::LaunchTemplate").ShouldAllBe(r => r.ResourceStatus == "CREATE_COMPLETE" && r.PhysicalResourceId!.StartsWith("lt-"));
    }
}
