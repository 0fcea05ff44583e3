using Amazon.Util;

namespace TelegramAI.Worker.Scaling;

/// <summary>
/// What the worker reads about its own instance from the EC2 instance metadata service, through AWSSDK.Core's
/// IMDSv2 client (<see cref="EC2InstanceMetadata"/>: a session token first, <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>
/// to point it elsewhere).
/// </summary>
public sealed class InstanceMetadata
{
    /// <summary>The target lifecycle state of an instance that Auto Scaling is terminating (its lifecycle hook included).</summary>
    public const string Terminated = "Terminated";

    private const string TargetLifecycleStatePath = "/autoscaling/target-lifecycle-state";

    /// <summary>The instance's id (<c>/latest/meta-data/instance-id</c>), or null when the service does not answer.</summary>
    public async Task<string?> InstanceIdAsync() => Value(await EC2InstanceMetadata.GetDataAsync("/instance-id"));

    /// <summary>
    /// The state Auto Scaling is moving the instance to (<c>/latest/meta-data/autoscaling/target-lifecycle-state</c>):
    /// InService, or Terminated once it is being terminated; null when unknown.
    /// </summary>
    public async Task<string?> TargetLifecycleStateAsync() => Value(await EC2InstanceMetadata.GetDataAsync(TargetLifecycleStatePath));

    /// <summary>A Spot interruption notice (<c>/latest/meta-data/spot/instance-action</c>), or null when none is scheduled.</summary>
    public async Task<string?> SpotInstanceActionAsync() => Value(await EC2InstanceMetadata.GetDataAsync("/spot/instance-action"));

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
