using System.Text;
using Amazon.Runtime;
using TelegramAI.Aws.CloudWatch.Model;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.CloudWatch;

/// <summary>CloudWatch over the query protocol, signed with AWSSDK.Core's Signature Version 4 signer.</summary>
public sealed class CloudWatchClient(HttpClient http, AwsClientSettings settings) : ICloudWatchClient
{
    /// <summary>PutMetricData takes at most 1,000 datums and a 1 MB body per call.</summary>
    public const int MaxDatumsPerCall = 1000;
    public const int MaxBodyBytes = 1_000_000;
    public const int MaxDimensionsPerDatum = 30;

    private readonly QueryProtocol _protocol = new(http, settings, AwsService.CloudWatch, "2010-08-01");

    public async Task<PutMetricDataResponse> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Namespace);
        var response = new PutMetricDataResponse();
        foreach (var chunk in Chunks(request.MetricData))
        {
            var parameters = new QueryParameters { { "Namespace", request.Namespace } };
            for (var i = 0; i < chunk.Count; i++)
            {
                AddDatum(parameters, $"MetricData.member.{i + 1}", chunk[i]);
            }

            var (_, requestId) = await _protocol.InvokeAsync("PutMetricData", parameters, cancellationToken);
            response.ResponseMetadata = new ResponseMetadata { RequestId = requestId };
            response.Calls++;
        }

        return response;
    }

    public async Task<GetMetricStatisticsResponse> GetMetricStatisticsAsync(GetMetricStatisticsRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new QueryParameters
        {
            { "Namespace", request.Namespace },
            { "MetricName", request.MetricName },
            { "StartTime", QueryXml.Iso8601(request.StartTimeUtc) },
            { "EndTime", QueryXml.Iso8601(request.EndTimeUtc) },
            { "Period", QueryXml.Number(request.Period) },
            { "Unit", request.Unit },
        };
        AddDimensions(parameters, "Dimensions", request.Dimensions);
        parameters.AddList("Statistics.member", request.Statistics);
        parameters.AddList("ExtendedStatistics.member", request.ExtendedStatistics);

        var (result, requestId) = await _protocol.InvokeAsync("GetMetricStatistics", parameters, cancellationToken);
        return new GetMetricStatisticsResponse
        {
            ResponseMetadata = new ResponseMetadata { RequestId = requestId },
            Label = result.Text("Label"),
            Datapoints = result.Members("Datapoints").Select(d => new Datapoint
            {
                TimestampUtc = d.Time("Timestamp") ?? default,
                SampleCount = d.Double("SampleCount"),
                Average = d.Double("Average"),
                Sum = d.Double("Sum"),
                Minimum = d.Double("Minimum"),
                Maximum = d.Double("Maximum"),
                ExtendedStatistics = ExtendedStatistics(d),
                Unit = d.Text("Unit"),
            }).ToList(),
        };
    }

    /// <summary>The <c>ExtendedStatistics</c> entries of a datapoint (<c>&lt;entry&gt;&lt;key&gt;p95&lt;/key&gt;&lt;value&gt;...</c>).</summary>
    private static Dictionary<string, double> ExtendedStatistics(System.Xml.Linq.XElement datapoint) =>
        (datapoint.Element("ExtendedStatistics")?.Elements("entry") ?? [])
            .Select(entry => (Key: entry.Text("key"), Value: entry.Double("value")))
            .Where(entry => entry.Key is not null && entry.Value is not null)
            .ToDictionary(entry => entry.Key!, entry => entry.Value!.Value);

    /// <summary>Splits datums at the count limit and, for very long names and dimensions, the body size limit.</summary>
    internal static IEnumerable<List<MetricDatum>> Chunks(IReadOnlyList<MetricDatum> data)
    {
        var chunk = new List<MetricDatum>();
        var bytes = 0;
        foreach (var datum in data)
        {
            if (datum.Dimensions.Count > MaxDimensionsPerDatum)
            {
                throw new ArgumentException($"Metric '{datum.MetricName}' has {datum.Dimensions.Count} dimensions; CloudWatch allows {MaxDimensionsPerDatum}.", nameof(data));
            }

            if (datum.Values.Count > MetricDatumLimits.MaxValues || (datum.Counts.Count > 0 && datum.Counts.Count != datum.Values.Count))
            {
                throw new ArgumentException(
                    $"Metric '{datum.MetricName}' has {datum.Values.Count} values and {datum.Counts.Count} counts; CloudWatch takes at most {MetricDatumLimits.MaxValues} values and as many counts, or none.", nameof(data));
            }

            var size = EstimatedSize(datum);
            if (chunk.Count == MaxDatumsPerCall || (chunk.Count > 0 && bytes + size > MaxBodyBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(datum);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static void AddDatum(QueryParameters parameters, string prefix, MetricDatum datum)
    {
        parameters.Add($"{prefix}.MetricName", datum.MetricName);
        if (datum.Values.Count == 0)
        {
            parameters.Add($"{prefix}.Value", QueryXml.Number(datum.Value));
        }
        else
        {
            parameters.AddList($"{prefix}.Values.member", datum.Values.Select(QueryXml.Number));
            parameters.AddList($"{prefix}.Counts.member", datum.Counts.Select(QueryXml.Number));
        }

        parameters.Add($"{prefix}.Unit", datum.Unit);
        parameters.Add($"{prefix}.Timestamp", datum.TimestampUtc is { } time ? QueryXml.Iso8601(time) : null);
        parameters.Add($"{prefix}.StorageResolution", datum.StorageResolution is { } resolution ? QueryXml.Number(resolution) : null);
        AddDimensions(parameters, $"{prefix}.Dimensions", datum.Dimensions);
    }

    private static void AddDimensions(QueryParameters parameters, string prefix, IReadOnlyList<Dimension> dimensions)
    {
        for (var i = 0; i < dimensions.Count; i++)
        {
            parameters.Add($"{prefix}.member.{i + 1}.Name", dimensions[i].Name);
            parameters.Add($"{prefix}.member.{i + 1}.Value", dimensions[i].Value);
        }
    }

    // An upper bound of the form-encoded bytes one datum adds (parameter names included).
    private static int EstimatedSize(MetricDatum datum) =>
        200 + Encoding.UTF8.GetByteCount(datum.MetricName) * 3 + (datum.Values.Count + datum.Counts.Count) * 60
        + datum.Dimensions.Sum(d => 80 + (Encoding.UTF8.GetByteCount(d.Name) + Encoding.UTF8.GetByteCount(d.Value)) * 3);
}
