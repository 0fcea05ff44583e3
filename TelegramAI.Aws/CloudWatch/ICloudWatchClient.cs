using TelegramAI.Aws.CloudWatch.Model;

namespace TelegramAI.Aws.CloudWatch;

/// <summary>The CloudWatch operations TelegramAI uses, shaped as AWSSDK.CloudWatch's <c>IAmazonCloudWatch</c>.</summary>
public interface ICloudWatchClient
{
    /// <summary>Publishes every datum, split into as many calls as the API's limits require.</summary>
    Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default);

    Task<GetMetricStatisticsResponse> GetMetricStatisticsAsync(GetMetricStatisticsRequest request, CancellationToken cancellationToken = default);
}
