using Amazon.Runtime;

namespace TelegramAI.Aws.CloudFormation.Model;

// Request and response types per operation, named and shaped as in AWSSDK.CloudFormation (Amazon.CloudFormation.Model).

public sealed class Parameter
{
    public string ParameterKey { get; set; } = "";
    public string ParameterValue { get; set; } = "";
}

public sealed class Output
{
    public string OutputKey { get; set; } = "";
    public string OutputValue { get; set; } = "";
}

public sealed class Stack
{
    public string StackId { get; set; } = "";
    public string StackName { get; set; } = "";
    public string StackStatus { get; set; } = "";
    public string? StackStatusReason { get; set; }
    public List<Output> Outputs { get; set; } = [];
}

public sealed class StackResource
{
    public string LogicalResourceId { get; set; } = "";
    public string? PhysicalResourceId { get; set; }
    public string ResourceType { get; set; } = "";
    public string ResourceStatus { get; set; } = "";
}

public sealed class CreateStackRequest
{
    public string StackName { get; set; } = "";
    public string TemplateBody { get; set; } = "";
    public List<Parameter> Parameters { get; set; } = [];
    public List<string> Capabilities { get; set; } = [];
}

public sealed class CreateStackResponse : AmazonWebServiceResponse
{
    public string StackId { get; set; } = "";
}

public sealed class DescribeStacksRequest
{
    public string? StackName { get; set; }
}

public sealed class DescribeStacksResponse : AmazonWebServiceResponse
{
    public List<Stack> Stacks { get; set; } = [];
}

public sealed class ListStackResourcesRequest
{
    public string StackName { get; set; } = "";
}

public sealed class ListStackResourcesResponse : AmazonWebServiceResponse
{
    public List<StackResource> StackResourceSummaries { get; set; } = [];
}

public sealed class DeleteStackRequest
{
    public string StackName { get; set; } = "";
}

public sealed class DeleteStackResponse : AmazonWebServiceResponse;
