using TelegramAI.Aws.AutoScaling.Model;

namespace TelegramAI.Aws.AutoScaling;

/// <summary>The Auto Scaling operations TelegramAI uses, shaped as AWSSDK.AutoScaling's <c>IAmazonAutoScaling</c>.</summary>
public interface IAutoScalingClient
{
    Task<DescribeAutoScalingGroupsResponse> DescribeAutoScalingGroupsAsync(DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default);
    Task<SetDesiredCapacityResponse> SetDesiredCapacityAsync(SetDesiredCapacityRequest request, CancellationToken cancellationToken = default);

    /// <summary>Instances of any group, with their group, state, health and scale-in protection; empty ids mean all.</summary>
    Task<DescribeAutoScalingInstancesResponse> DescribeAutoScalingInstancesAsync(DescribeAutoScalingInstancesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Protects instances from scale-in, or lifts it. A worker calls it on itself while it holds a job.</summary>
    Task<SetInstanceProtectionResponse> SetInstanceProtectionAsync(SetInstanceProtectionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Marks an instance Healthy or Unhealthy; the group replaces an unhealthy one.</summary>
    Task<SetInstanceHealthResponse> SetInstanceHealthAsync(SetInstanceHealthRequest request, CancellationToken cancellationToken = default);

    /// <summary>Ends an instance's wait in a lifecycle hook (Terminating:Wait), with CONTINUE or ABANDON.</summary>
    Task<CompleteLifecycleActionResponse> CompleteLifecycleActionAsync(CompleteLifecycleActionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Restarts a lifecycle hook's heartbeat timeout for an instance still waiting in it.</summary>
    Task<RecordLifecycleActionHeartbeatResponse> RecordLifecycleActionHeartbeatAsync(RecordLifecycleActionHeartbeatRequest request, CancellationToken cancellationToken = default);
}
