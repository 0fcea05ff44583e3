using TelegramAI.Aws.AutoScaling.Model;

namespace TelegramAI.Aws.AutoScaling;

/// <summary>The Auto Scaling operations TelegramAI uses, shaped as AWSSDK.AutoScaling's <c>IAmazonAutoScaling</c>.</summary>
public interface IAutoScalingClient
{
    Task<DescribeAutoScalingGroupsResponse> DescribeAutoScalingGroupsAsync(DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default);
    Task<SetDesiredCapacityResponse> SetDesiredCapacityAsync(SetDesiredCapacityRequest request, CancellationToken cancellationToken = default);
}
