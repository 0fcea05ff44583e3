using Amazon.Runtime;

namespace TelegramAI.Aws.AutoScaling.Model;

// Request and response types per operation, named and shaped as in AWSSDK.AutoScaling (Amazon.AutoScaling.Model).

public static class LifecycleState
{
    public const string Pending = "Pending";
    public const string InService = "InService";
    public const string Terminating = "Terminating";
    public const string Terminated = "Terminated";
    public const string Standby = "Standby";
}

/// <summary>What SetInstanceHealth and DescribeAutoScalingInstances call an instance's health.</summary>
public static class HealthStatus
{
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
}

/// <summary>A lifecycle hook's outcome: CONTINUE lets the transition go on, ABANDON stops it (a terminating instance is terminated either way).</summary>
public static class LifecycleActionResult
{
    public const string Continue = "CONTINUE";
    public const string Abandon = "ABANDON";
}

public sealed class Instance
{
    public string InstanceId { get; set; } = "";
    public string LifecycleState { get; set; } = "";
    public string? HealthStatus { get; set; }
    public string? AvailabilityZone { get; set; }
    public bool ProtectedFromScaleIn { get; set; }
}

/// <summary>An instance as DescribeAutoScalingInstances describes it: with its group.</summary>
public sealed class AutoScalingInstanceDetails
{
    public string InstanceId { get; set; } = "";
    public string AutoScalingGroupName { get; set; } = "";
    public string LifecycleState { get; set; } = "";
    public string HealthStatus { get; set; } = "";
    public string? AvailabilityZone { get; set; }
    public bool ProtectedFromScaleIn { get; set; }
}

public sealed class AutoScalingGroup
{
    public string AutoScalingGroupName { get; set; } = "";
    public string? AutoScalingGroupARN { get; set; }
    public int MinSize { get; set; }
    public int MaxSize { get; set; }
    public int DesiredCapacity { get; set; }
    public List<Instance> Instances { get; set; } = [];
}

public sealed class DescribeAutoScalingGroupsRequest
{
    /// <summary>Empty means every group in the region.</summary>
    public List<string> AutoScalingGroupNames { get; set; } = [];
    public int? MaxRecords { get; set; }
    public string? NextToken { get; set; }
}

public sealed class DescribeAutoScalingGroupsResponse : AmazonWebServiceResponse
{
    public List<AutoScalingGroup> AutoScalingGroups { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class SetDesiredCapacityRequest
{
    public string AutoScalingGroupName { get; set; } = "";
    public int DesiredCapacity { get; set; }
    public bool? HonorCooldown { get; set; }
}

public sealed class SetDesiredCapacityResponse : AmazonWebServiceResponse;

public sealed class DescribeAutoScalingInstancesRequest
{
    /// <summary>Empty means every instance of every group (up to <see cref="MaxRecords"/>).</summary>
    public List<string> InstanceIds { get; set; } = [];
    public int? MaxRecords { get; set; }
    public string? NextToken { get; set; }
}

public sealed class DescribeAutoScalingInstancesResponse : AmazonWebServiceResponse
{
    public List<AutoScalingInstanceDetails> AutoScalingInstances { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class SetInstanceProtectionRequest
{
    public string AutoScalingGroupName { get; set; } = "";

    /// <summary>At most 50 instances a call.</summary>
    public List<string> InstanceIds { get; set; } = [];
    public bool ProtectedFromScaleIn { get; set; }
}

public sealed class SetInstanceProtectionResponse : AmazonWebServiceResponse;

public sealed class SetInstanceHealthRequest
{
    public string InstanceId { get; set; } = "";

    /// <summary><see cref="AutoScaling.Model.HealthStatus.Healthy"/> or <see cref="AutoScaling.Model.HealthStatus.Unhealthy"/>.</summary>
    public string HealthStatus { get; set; } = "";

    /// <summary>Whether the group's health check grace period applies (false: the instance is replaced even during it).</summary>
    public bool? ShouldRespectGracePeriod { get; set; }
}

public sealed class SetInstanceHealthResponse : AmazonWebServiceResponse;

public sealed class CompleteLifecycleActionRequest
{
    public string AutoScalingGroupName { get; set; } = "";
    public string LifecycleHookName { get; set; } = "";

    /// <summary><see cref="AutoScaling.Model.LifecycleActionResult.Continue"/> or <see cref="AutoScaling.Model.LifecycleActionResult.Abandon"/>.</summary>
    public string LifecycleActionResult { get; set; } = "";

    /// <summary>The instance waiting in the hook; or give the <see cref="LifecycleActionToken"/> of its notification.</summary>
    public string? InstanceId { get; set; }
    public string? LifecycleActionToken { get; set; }
}

public sealed class CompleteLifecycleActionResponse : AmazonWebServiceResponse;

public sealed class RecordLifecycleActionHeartbeatRequest
{
    public string AutoScalingGroupName { get; set; } = "";
    public string LifecycleHookName { get; set; } = "";
    public string? InstanceId { get; set; }
    public string? LifecycleActionToken { get; set; }
}

public sealed class RecordLifecycleActionHeartbeatResponse : AmazonWebServiceResponse;
