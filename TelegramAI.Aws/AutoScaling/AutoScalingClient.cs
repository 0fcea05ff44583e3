using Amazon.Runtime;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.AutoScaling;

/// <summary>Auto Scaling over the query protocol, signed with AWSSDK.Core's Signature Version 4 signer.</summary>
public sealed class AutoScalingClient(HttpClient http, AwsClientSettings settings) : IAutoScalingClient
{
    private readonly QueryProtocol _protocol = new(http, settings, AwsService.AutoScaling, "2011-01-01");

    public async Task<DescribeAutoScalingGroupsResponse> DescribeAutoScalingGroupsAsync(DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "MaxRecords", request.MaxRecords is { } max ? QueryXml.Number(max) : null },
            { "NextToken", request.NextToken },
        };
        parameters.AddList("AutoScalingGroupNames.member", request.AutoScalingGroupNames);

        var (result, requestId) = await _protocol.InvokeAsync("DescribeAutoScalingGroups", parameters, cancellationToken);
        return new DescribeAutoScalingGroupsResponse
        {
            ResponseMetadata = new ResponseMetadata { RequestId = requestId },
            NextToken = result.Text("NextToken"),
            AutoScalingGroups = result.Members("AutoScalingGroups").Select(g => new AutoScalingGroup
            {
                AutoScalingGroupName = g.Text("AutoScalingGroupName") ?? "",
                AutoScalingGroupARN = g.Text("AutoScalingGroupARN"),
                MinSize = g.Int("MinSize"),
                MaxSize = g.Int("MaxSize"),
                DesiredCapacity = g.Int("DesiredCapacity"),
                Instances = g.Members("Instances").Select(i => new Instance
                {
                    InstanceId = i.Text("InstanceId") ?? "",
                    LifecycleState = i.Text("LifecycleState") ?? "",
                    HealthStatus = i.Text("HealthStatus"),
                    AvailabilityZone = i.Text("AvailabilityZone"),
                    ProtectedFromScaleIn = Bool(i, "ProtectedFromScaleIn"),
                }).ToList(),
            }).ToList(),
        };
    }

    public async Task<SetDesiredCapacityResponse> SetDesiredCapacityAsync(SetDesiredCapacityRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "AutoScalingGroupName", request.AutoScalingGroupName },
            { "DesiredCapacity", QueryXml.Number(request.DesiredCapacity) },
            { "HonorCooldown", request.HonorCooldown is { } honor ? Bool(honor) : null },
        };
        var (_, requestId) = await _protocol.InvokeAsync("SetDesiredCapacity", parameters, cancellationToken);
        return new SetDesiredCapacityResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }

    public async Task<DescribeAutoScalingInstancesResponse> DescribeAutoScalingInstancesAsync(DescribeAutoScalingInstancesRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "MaxRecords", request.MaxRecords is { } max ? QueryXml.Number(max) : null },
            { "NextToken", request.NextToken },
        };
        parameters.AddList("InstanceIds.member", request.InstanceIds);

        var (result, requestId) = await _protocol.InvokeAsync("DescribeAutoScalingInstances", parameters, cancellationToken);
        return new DescribeAutoScalingInstancesResponse
        {
            ResponseMetadata = new ResponseMetadata { RequestId = requestId },
            NextToken = result.Text("NextToken"),
            AutoScalingInstances = result.Members("AutoScalingInstances").Select(i => new AutoScalingInstanceDetails
            {
                InstanceId = i.Text("InstanceId") ?? "",
                AutoScalingGroupName = i.Text("AutoScalingGroupName") ?? "",
                LifecycleState = i.Text("LifecycleState") ?? "",
                HealthStatus = i.Text("HealthStatus") ?? "",
                AvailabilityZone = i.Text("AvailabilityZone"),
                ProtectedFromScaleIn = Bool(i, "ProtectedFromScaleIn"),
            }).ToList(),
        };
    }

    public async Task<SetInstanceProtectionResponse> SetInstanceProtectionAsync(SetInstanceProtectionRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "AutoScalingGroupName", request.AutoScalingGroupName },
            { "ProtectedFromScaleIn", Bool(request.ProtectedFromScaleIn) },
        };
        parameters.AddList("InstanceIds.member", request.InstanceIds);
        var (_, requestId) = await _protocol.InvokeAsync("SetInstanceProtection", parameters, cancellationToken);
        return new SetInstanceProtectionResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }

    public async Task<SetInstanceHealthResponse> SetInstanceHealthAsync(SetInstanceHealthRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "InstanceId", request.InstanceId },
            { "HealthStatus", request.HealthStatus },
            { "ShouldRespectGracePeriod", request.ShouldRespectGracePeriod is { } respect ? Bool(respect) : null },
        };
        var (_, requestId) = await _protocol.InvokeAsync("SetInstanceHealth", parameters, cancellationToken);
        return new SetInstanceHealthResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }

    public async Task<CompleteLifecycleActionResponse> CompleteLifecycleActionAsync(CompleteLifecycleActionRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "AutoScalingGroupName", request.AutoScalingGroupName },
            { "LifecycleHookName", request.LifecycleHookName },
            { "LifecycleActionResult", request.LifecycleActionResult },
            { "InstanceId", request.InstanceId },
            { "LifecycleActionToken", request.LifecycleActionToken },
        };
        var (_, requestId) = await _protocol.InvokeAsync("CompleteLifecycleAction", parameters, cancellationToken);
        return new CompleteLifecycleActionResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }

    public async Task<RecordLifecycleActionHeartbeatResponse> RecordLifecycleActionHeartbeatAsync(RecordLifecycleActionHeartbeatRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "AutoScalingGroupName", request.AutoScalingGroupName },
            { "LifecycleHookName", request.LifecycleHookName },
            { "InstanceId", request.InstanceId },
            { "LifecycleActionToken", request.LifecycleActionToken },
        };
        var (_, requestId) = await _protocol.InvokeAsync("RecordLifecycleActionHeartbeat", parameters, cancellationToken);
        return new RecordLifecycleActionHeartbeatResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool Bool(System.Xml.Linq.XElement element, string name) =>
        string.Equals(element.Text(name), "true", StringComparison.OrdinalIgnoreCase);
}
