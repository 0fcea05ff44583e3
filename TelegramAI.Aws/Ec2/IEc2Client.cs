using TelegramAI.Aws.Ec2.Model;

namespace TelegramAI.Aws.Ec2;

/// <summary>
/// The one EC2 operation the AppHost needs: finding the subnets of the default VPC, which the production
/// template's VpcId and subnet parameters must name. Shaped as AWSSDK.EC2's <c>IAmazonEC2</c>.
/// </summary>
public interface IEc2Client
{
    Task<DescribeSubnetsResponse> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken = default);
}
