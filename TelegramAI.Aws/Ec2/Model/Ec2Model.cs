using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.Ec2.Model;

// Request and response types per operation, named and shaped as in AWSSDK.EC2 (Amazon.EC2.Model).

public sealed class Filter
{
    public string Name { get; set; } = "";
    public List<string> Values { get; set; } = [];
}

public sealed class Subnet
{
    public string SubnetId { get; set; } = "";
    public string VpcId { get; set; } = "";
    public string? AvailabilityZone { get; set; }
    public bool DefaultForAz { get; set; }
}

public sealed class DescribeSubnetsRequest
{
    public List<Filter> Filters { get; set; } = [];
}

public sealed class DescribeSubnetsResponse : AwsResponseBase
{
    public List<Subnet> Subnets { get; set; } = [];
}
