using TelegramAI.AppHost.Aws;
using TelegramAI.Deployment;

namespace TelegramAI.AppHost.Stack;

/// <summary>
/// The production CloudFormation template deployed into the local AWS: queues, bucket and worker group,
/// made the way production makes them. Its state in the dashboard follows the deployment; its outputs
/// reach the services once it runs.
/// </summary>
public sealed class ProductionStackResource(string name, AwsEmulator aws, LocalStackParameters parameters) : Resource(name), IResourceWithWaitSupport
{
    private readonly TaskCompletionSource<StackOutputs> _outputs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where the stack lives; the services it configures talk to the same endpoint.</summary>
    public AwsEmulator Aws { get; } = aws;

    public LocalStackParameters Parameters { get; } = parameters;

    /// <summary>Completes when the stack is deployed (or fails with the deployment's error).</summary>
    public Task<StackOutputs> Outputs => _outputs.Task;

    internal void Deployed(StackOutputs outputs) => _outputs.TrySetResult(outputs);

    internal void Failed(Exception exception) => _outputs.TrySetException(exception);
}
