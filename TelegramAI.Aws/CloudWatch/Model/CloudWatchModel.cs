using Amazon.Runtime;

namespace TelegramAI.Aws.CloudWatch.Model;

// Request and response types per operation, named and shaped as in AWSSDK.CloudWatch (Amazon.CloudWatch.Model).

public sealed class Dimension
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

public static class StandardUnit
{
    public const string None = "None";
    public const string Count = "Count";
    public const string Seconds = "Seconds";
    public const string Milliseconds = "Milliseconds";
    public const string Bytes = "Bytes";
}

public sealed class MetricDatum
{
    public string MetricName { get; set; } = "";
    public List<Dimension> Dimensions { get; set; } = [];
    public DateTimeOffset? TimestampUtc { get; set; }

    /// <summary>One value; ignored when <see cref="Values"/> is given.</summary>
    public double Value { get; set; }

    /// <summary>Up to 150 distinct values in one datum, each seen <see cref="Counts"/> times (1 when Counts is empty).</summary>
    public List<double> Values { get; set; } = [];

    /// <summary>How often each of <see cref="Values"/> was seen; empty or as long as Values.</summary>
    public List<double> Counts { get; set; } = [];

    public string? Unit { get; set; }

    /// <summary>1 for high resolution (per-second), 60 (the default) for standard.</summary>
    public int? StorageResolution { get; set; }
}

/// <summary>PutMetricData's limit on <see cref="MetricDatum.Values"/>.</summary>
public static class MetricDatumLimits
{
    public const int MaxValues = 150;
}

public sealed class PutMetricDataRequest
{
    public string Namespace { get; set; } = "";
    public List<MetricDatum> MetricData { get; set; } = [];
}

/// <summary>One PutMetricData call per chunk of datums; the response of the last is returned, as all are empty.</summary>
public sealed class PutMetricDataResponse : AmazonWebServiceResponse
{
    /// <summary>How many API calls the request was split into.</summary>
    public int Calls { get; set; }
}

public sealed class GetMetricStatisticsRequest
{
    public string Namespace { get; set; } = "";
    public string MetricName { get; set; } = "";
    public List<Dimension> Dimensions { get; set; } = [];
    public DateTimeOffset StartTimeUtc { get; set; }
    public DateTimeOffset EndTimeUtc { get; set; }

    /// <summary>Seconds per datapoint.</summary>
    public int Period { get; set; } = 60;

    public List<string> Statistics { get; set; } = ["Average"];

    /// <summary>Percentiles such as <c>p95</c>, beside or instead of <see cref="Statistics"/>.</summary>
    public List<string> ExtendedStatistics { get; set; } = [];

    public string? Unit { get; set; }
}

public sealed class Datapoint
{
    public DateTimeOffset TimestampUtc { get; set; }
    public double? SampleCount { get; set; }
    public double? Average { get; set; }
    public double? Sum { get; set; }
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }

    /// <summary>The percentiles asked for, by name (<c>p95</c>); empty where the service computed none.</summary>
    public Dictionary<string, double> ExtendedStatistics { get; set; } = [];

    public string? Unit { get; set; }
}

public sealed class GetMetricStatisticsResponse : AmazonWebServiceResponse
{
    public string? Label { get; set; }
    public List<Datapoint> Datapoints { get; set; } = [];
}
