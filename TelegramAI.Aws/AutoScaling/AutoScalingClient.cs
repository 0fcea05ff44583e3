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
            { "HonorCooldown", request.HonorCooldown is { } honor ? (honor ? "true" : "false") : null },
        };
        var (_, requestId) = await _protocol.InvokeAsync("SetDesiredCapacity", parameters, cancellationToken);
        return new SetDesiredCapacityResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }
}
