using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Aws.CloudFormation.Model;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Deployment;

/// <summary>What the stack gives the services: its queues, bucket and worker group.</summary>
public sealed record StackOutputs(string JobsQueueUrl, string ResultsQueueUrl, string DeadLetterQueueUrl, string Bucket, string WorkerGroup);

/// <summary>The local run's choices for the stack: its name and the worker group's sizes and scaling target.</summary>
public sealed record LocalStackParameters(string StackName, int MinWorkers, int MaxWorkers, int Workers, int BacklogPerInstanceTarget);

/// <summary>
/// Creates the local resources by deploying the production template itself into the emulator, so that
/// local and production queues, bucket and worker group cannot drift apart.
/// </summary>
public static class LocalStack
{
    private static readonly TimeSpan DeployLimit = TimeSpan.FromSeconds(90);

    /// <summary>Deploys the stack (or reuses a complete one of the same name) and returns its outputs.</summary>
    public static async Task<StackOutputs> DeployAsync(
        ICloudFormationClient cloudFormation, IAmazonEC2 ec2, string region, LocalStackParameters options, CancellationToken cancellationToken)
    {
        if (await FindCompleteAsync(cloudFormation, options.StackName, cancellationToken) is { } existing)
        {
            return ReadOutputs(existing);
        }

        var stack = await cloudFormation.CreateStackAndWaitAsync(new CreateStackRequest
        {
            StackName = options.StackName,
            TemplateBody = TemplateJson.Serialize(Build()),
            Parameters = await ParametersAsync(ec2, region, options, cancellationToken),
            Capabilities = ["CAPABILITY_NAMED_IAM"],
        }, DeployLimit, cancellationToken);
        return ReadOutputs(stack);
    }

    /// <summary>A well-formed bot token that is no bot's: the stack's secret is never read locally.</summary>
    public const string PlaceholderBotToken = "123456789:AAPlaceholderTokenNeverReadLocally_0";

    /// <summary>
    /// The template's parameters with values an emulator accepts: the default VPC's real subnet ids
    /// (the group and instance check them), a placeholder registry and token (nothing local pulls images
    /// or reads the secret, so the real token never goes to the emulator), and the local pool's sizes.
    /// </summary>
    private static async Task<List<Parameter>> ParametersAsync(IAmazonEC2 ec2, string region, LocalStackParameters options, CancellationToken cancellationToken)
    {
        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter { Name = "default-for-az", Values = ["true"] }],
        }, cancellationToken)).Subnets ?? [];
        var subnet = subnets.OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal).FirstOrDefault()
            ?? throw new InvalidOperationException("the AWS endpoint has no default VPC subnet for the stack's VpcId and subnet parameters");

        string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
        return
        [
            new() { ParameterKey = Parameters.TelegramBotToken, ParameterValue = PlaceholderBotToken },
            new() { ParameterKey = Parameters.ContainerRegistry, ParameterValue = $"000000000000.dkr.ecr.{region}.amazonaws.com" },
            new() { ParameterKey = Parameters.BotImageTag, ParameterValue = "local" },
            new() { ParameterKey = Parameters.WorkerImageTag, ParameterValue = "local" },
            new() { ParameterKey = Parameters.MetricSenderImageTag, ParameterValue = "local" },
            new() { ParameterKey = Parameters.VpcId, ParameterValue = subnet.VpcId },
            new() { ParameterKey = Parameters.BotSubnetId, ParameterValue = subnet.SubnetId },
            new() { ParameterKey = Parameters.BotAvailabilityZone, ParameterValue = subnet.AvailabilityZone },
            new() { ParameterKey = Parameters.WorkerSubnetIds, ParameterValue = subnet.SubnetId },
            new() { ParameterKey = Parameters.WorkerMinSize, ParameterValue = Count(options.MinWorkers) },
            new() { ParameterKey = Parameters.WorkerMaxSize, ParameterValue = Count(options.MaxWorkers) },
            new() { ParameterKey = Parameters.WorkerDesiredCapacity, ParameterValue = Count(options.Workers) },
            new() { ParameterKey = Parameters.BacklogPerInstanceTarget, ParameterValue = Count(options.BacklogPerInstanceTarget) },
        ];
    }

    private static async Task<Stack?> FindCompleteAsync(ICloudFormationClient cloudFormation, string stackName, CancellationToken cancellationToken)
    {
        var stacks = (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest(), cancellationToken)).Stacks;
        return stacks.FirstOrDefault(stack => stack.StackName == stackName && stack.StackStatus is "CREATE_COMPLETE" or "UPDATE_COMPLETE");
    }

    private static StackOutputs ReadOutputs(Stack stack)
    {
        var outputs = stack.Outputs.ToDictionary(output => output.OutputKey, output => output.OutputValue);
        string Output(string key) => outputs.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"stack {stack.StackName} has no output {key}");
        return new StackOutputs(
            Output("JobsQueueUrl"), Output("ResultsQueueUrl"), Output("JobsDeadLetterQueueUrl"), Output("VideoBucketName"), Output("WorkerGroupName"));
    }
}
