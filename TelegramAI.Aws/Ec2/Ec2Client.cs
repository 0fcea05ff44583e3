using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.Ec2;

/// <summary>A subnet, as in AWSSDK.EC2's <c>Amazon.EC2.Model.Subnet</c> (the fields TelegramAI reads).</summary>
public sealed record Subnet(string SubnetId, string VpcId, string AvailabilityZone, bool DefaultForAz);

/// <summary>
/// The one EC2 call TelegramAI needs: finding the subnets to deploy the stack into
/// (the AppHost deploys the production template into an emulator's default VPC).
/// </summary>
public interface IEc2Client
{
    Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(CancellationToken cancellationToken = default);
}

/// <summary>EC2 over the query protocol, signed with SigV4.</summary>
public sealed class Ec2Client(HttpClient http, AwsClientSettings settings) : IEc2Client
{
    private readonly QueryProtocol _protocol = new(http, settings, AwsService.Ec2, "2016-11-15");

    public async Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(CancellationToken cancellationToken = default)
    {
        var (result, _) = await _protocol.InvokeAsync("DescribeSubnets", [], cancellationToken);
        return (result.Element("subnetSet")?.Elements("item") ?? [])
            .Select(s => new Subnet(s.Text("subnetId") ?? "", s.Text("vpcId") ?? "", s.Text("availabilityZone") ?? "", s.Text("defaultForAz") == "true"))
            .ToList();
    }
}
