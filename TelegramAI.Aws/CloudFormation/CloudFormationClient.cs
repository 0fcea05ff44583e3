using Amazon.Runtime;
using TelegramAI.Aws.CloudFormation.Model;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.CloudFormation;

/// <summary>CloudFormation over the query protocol, signed with AWSSDK.Core's Signature Version 4 signer.</summary>
public sealed class CloudFormationClient(HttpClient http, AwsClientSettings settings) : ICloudFormationClient
{
    private readonly QueryProtocol _protocol = new(http, settings, AwsService.CloudFormation, "2010-05-15");

    public async Task<CreateStackResponse> CreateStackAsync(CreateStackRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "StackName", request.StackName },
            { "TemplateBody", request.TemplateBody },
        };
        for (var i = 0; i < request.Parameters.Count; i++)
        {
            parameters.Add($"Parameters.member.{i + 1}.ParameterKey", request.Parameters[i].ParameterKey);
            parameters.Add($"Parameters.member.{i + 1}.ParameterValue", request.Parameters[i].ParameterValue);
        }

        parameters.AddList("Capabilities.member", request.Capabilities);
        var (result, requestId) = await _protocol.InvokeAsync("CreateStack", parameters, cancellationToken);
        return new CreateStackResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId }, StackId = result.Text("StackId") ?? "" };
    }

    public async Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default)
    {
        var (result, requestId) = await _protocol.InvokeAsync("DescribeStacks", new QueryParameters { { "StackName", request.StackName } }, cancellationToken);
        return new DescribeStacksResponse
        {
            ResponseMetadata = new ResponseMetadata { RequestId = requestId },
            Stacks = result.Members("Stacks").Select(s => new Stack
            {
                StackId = s.Text("StackId") ?? "",
                StackName = s.Text("StackName") ?? "",
                StackStatus = s.Text("StackStatus") ?? "",
                StackStatusReason = s.Text("StackStatusReason"),
                Outputs = s.Members("Outputs").Select(o => new Output { OutputKey = o.Text("OutputKey") ?? "", OutputValue = o.Text("OutputValue") ?? "" }).ToList(),
            }).ToList(),
        };
    }

    public async Task<ListStackResourcesResponse> ListStackResourcesAsync(ListStackResourcesRequest request, CancellationToken cancellationToken = default)
    {
        var (result, requestId) = await _protocol.InvokeAsync("ListStackResources", new QueryParameters { { "StackName", request.StackName } }, cancellationToken);
        return new ListStackResourcesResponse
        {
            ResponseMetadata = new ResponseMetadata { RequestId = requestId },
            StackResourceSummaries = result.Members("StackResourceSummaries").Select(r => new StackResource
            {
                LogicalResourceId = r.Text("LogicalResourceId") ?? "",
                PhysicalResourceId = r.Text("PhysicalResourceId"),
                ResourceType = r.Text("ResourceType") ?? "",
                ResourceStatus = r.Text("ResourceStatus") ?? "",
            }).ToList(),
        };
    }

    public async Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default)
    {
        var (_, requestId) = await _protocol.InvokeAsync("DeleteStack", new QueryParameters { { "StackName", request.StackName } }, cancellationToken);
        return new DeleteStackResponse { ResponseMetadata = new ResponseMetadata { RequestId = requestId } };
    }
}
