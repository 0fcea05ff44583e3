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

public sealed class Instance
{
    public string InstanceId { get; set; } = "";
    public string LifecycleState { get; set; } = "";
    public string? HealthStatus { get; set; }
    public string? AvailabilityZone { get; set; }
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
