using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TelegramAI.AppHost.Aws;
using TelegramAI.Aws.CloudFormation;
using TelegramAI.Deployment;

namespace TelegramAI.AppHost.Stack;

public static class ProductionStackExtensions
{
    /// <summary>
    /// Deploys the production template into <paramref name="aws"/> once it is healthy, with the local
    /// pool's sizes and target (<see cref="LocalStack"/>), and runs while the AppHost does. A stack of the
    /// same name that is already complete (an emulator of your own, kept between runs) is reused.
    /// </summary>
    public static IResourceBuilder<ProductionStackResource> AddProductionStack(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, AwsEmulator aws, LocalRunOptions local)
    {
        var stack = new ProductionStackResource(name, aws, new LocalStackParameters(
            local.StackName, local.MinWorkers, local.MaxWorkers, local.Workers, local.BacklogPerInstanceTarget));
        builder.Eventing.Subscribe<InitializeResourceEvent>(stack, DeployAsync);
        return builder.AddResource(stack)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "CloudFormationStack",
                State = KnownResourceStates.NotStarted,
                Properties = [new("stack.name", local.StackName)],
            })
            .WithIconName("BoxMultiple")
            .WaitFor(aws.Resource)
            .ExcludeFromManifest();
    }

    private static async Task DeployAsync(InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        var stack = (ProductionStackResource)e.Resource;
        try
        {
            await e.Notifications.PublishUpdateAsync(stack, state => state with { State = KnownResourceStates.Waiting });
            await e.Notifications.WaitForDependenciesAsync(stack, cancellationToken);
            await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(stack, e.Services), cancellationToken);
            await e.Notifications.PublishUpdateAsync(stack, state => state with
            {
                State = new ResourceStateSnapshot("Deploying", KnownResourceStateStyles.Info),
                StartTimeStamp = DateTime.UtcNow,
            });

            var settings = await stack.Aws.ClientSettingsAsync(e.Services.GetRequiredService<IConfiguration>(), cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var ec2 = settings.CreateEc2Client();
            var outputs = await LocalStack.DeployAsync(
                new CloudFormationClient(http, settings), ec2, settings.Region, stack.Parameters, cancellationToken);

            e.Logger.LogInformation(
                "Stack {StackName} deployed: jobs queue {JobsQueue}, results queue {ResultsQueue}, bucket {Bucket}, worker group {WorkerGroup}",
                stack.Parameters.StackName, outputs.JobsQueueUrl, outputs.ResultsQueueUrl, outputs.Bucket, outputs.WorkerGroup);
            stack.Deployed(outputs);
            await e.Notifications.PublishUpdateAsync(stack, state => state with
            {
                State = KnownResourceStates.Running,
                Properties = [.. state.Properties,
                    new("stack.jobsQueue", outputs.JobsQueueUrl),
                    new("stack.resultsQueue", outputs.ResultsQueueUrl),
                    new("stack.deadLetterQueue", outputs.DeadLetterQueueUrl),
                    new("stack.bucket", outputs.Bucket),
                    new("stack.workerGroup", outputs.WorkerGroup)],
            });
        }
        catch (Exception exception)
        {
            stack.Failed(exception);
            if (!cancellationToken.IsCancellationRequested)
            {
                e.Logger.LogError("Deploying stack {StackName} failed: {Error}", stack.Parameters.StackName, exception.Message);
                await e.Notifications.PublishUpdateAsync(stack, state => state with { State = KnownResourceStates.FailedToStart });
            }
        }
    }
}
