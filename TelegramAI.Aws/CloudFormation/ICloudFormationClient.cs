using TelegramAI.Aws.CloudFormation.Model;

namespace TelegramAI.Aws.CloudFormation;

/// <summary>
/// The CloudFormation operations the AppHost needs to create local resources from the production
/// template, shaped as AWSSDK.CloudFormation's <c>IAmazonCloudFormation</c>.
/// </summary>
public interface ICloudFormationClient
{
    Task<CreateStackResponse> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken = default);
    Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default);
    Task<ListStackResourcesResponse> ListStackResourcesAsync(ListStackResourcesRequest request, CancellationToken cancellationToken = default);
    Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default);
}
