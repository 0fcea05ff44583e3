using TelegramAI.Aws.Ec2.Model;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.Ec2;

/// <summary>EC2 over its query protocol (lists are <c>&lt;item&gt;</c> elements), signed with SigV4.</summary>
public sealed class Ec2Client(HttpClient http, AwsClientSettings settings) : IEc2Client
{
    private readonly QueryProtocol _protocol = new(http, settings, AwsService.Ec2, "2016-11-15");

    public async Task<DescribeSubnetsResponse> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters();
        for (var i = 0; i < request.Filters.Count; i++)
        {
            parameters.Add($"Filter.{i + 1}.Name", request.Filters[i].Name);
            parameters.AddList($"Filter.{i + 1}.Value", request.Filters[i].Values);
        }

        var (result, requestId) = await _protocol.InvokeAsync("DescribeSubnets", parameters, cancellationToken);
        return new DescribeSubnetsResponse
        {
            ResponseMetadata = new ResponseMetadata(requestId ?? result.Text("requestId")),
            Subnets = (result.Element("subnetSet")?.Elements("item") ?? []).Select(item => new Subnet
            {
                SubnetId = item.Text("subnetId") ?? "",
                VpcId = item.Text("vpcId") ?? "",
                AvailabilityZone = item.Text("availabilityZone"),
                DefaultForAz = string.Equals(item.Text("defaultForAz"), "true", StringComparison.OrdinalIgnoreCase),
            }).ToList(),
        };
    }
}
