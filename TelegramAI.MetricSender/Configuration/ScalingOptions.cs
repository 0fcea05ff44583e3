using System.ComponentModel.DataAnnotations;
using TelegramAI.Contracts.Scaling;

namespace TelegramAI.MetricSender.Configuration;

/// <summary>
/// Keys <c>Scaling__Targets__N__*</c>, <c>Scaling__Namespace</c>, <c>Scaling__MetricName</c>,
/// <c>Scaling__Period</c> and <c>Scaling__HighResolution</c>: what the MetricSender measures and
/// where it publishes. The defaults are the names the production scaling policy reads.
/// </summary>
public sealed class ScalingOptions
{
    public const string Section = "Scaling";

    /// <summary>Each pair of jobs queue and worker group gets its own metric; at least one is required.</summary>
    public List<ScalingTarget> Targets { get; set; } = [];

    [Required]
    public string Namespace { get; set; } = ScalingMetric.DefaultNamespace;

    [Required]
    public string MetricName { get; set; } = ScalingMetric.DefaultMetricName;

    /// <summary>How often the backlog is measured and published, aligned to the wall clock.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:05:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stores the datums at one-second resolution, which periods under a minute need to be seen apart.</summary>
    public bool HighResolution { get; set; }
}

/// <summary>One worker group and the queue its workers consume.</summary>
public sealed class ScalingTarget
{
    /// <summary>A queue URL or a bare queue name.</summary>
    public string Queue { get; set; } = "";

    public string AutoScalingGroup { get; set; } = "";

    /// <summary>Counts the messages being worked on (not visible) as backlog too.</summary>
    public bool CountInFlight { get; set; }

    public CapacitySource Capacity { get; set; } = CapacitySource.Desired;

    /// <summary>
    /// Jobs that may wait per instance (the template's BacklogPerInstanceTarget): the CapacityGap metric is the
    /// capacity this asks for, ceil(backlog / target), minus the group's.
    /// </summary>
    public double BacklogPerInstanceTarget { get; set; } = DefaultBacklogPerInstanceTarget;

    /// <summary>5 minutes of acceptable wait over 40 s a job, rounded down (see the README's worked example).</summary>
    public const double DefaultBacklogPerInstanceTarget = 7;
}

/// <summary>Which number of a group is its capacity.</summary>
public enum CapacitySource
{
    /// <summary>The group's desired capacity: what target tracking itself steers, so the metric answers at once to its decisions.</summary>
    Desired,

    /// <summary>Instances in service only: booting instances do not count until they can take work.</summary>
    InService,
}
