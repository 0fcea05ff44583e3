using System.ComponentModel.DataAnnotations;

namespace TelegramAI.Worker.Scaling;

/// <summary>
/// Keys <c>AutoScaling__*</c>: the worker's Auto Scaling group, which the template names in each worker's
/// environment. Unset <see cref="GroupName"/> means no group (a laptop, a test, the AppHost): the worker then leaves
/// scale-in protection, lifecycle hooks and instance health alone.
/// </summary>
public sealed class AutoScalingOptions
{
    public const string Section = "AutoScaling";

    /// <summary>The group this instance belongs to; the instance's own id comes from the instance metadata service (IMDSv2).</summary>
    public string? GroupName { get; set; }

    /// <summary>The group's termination lifecycle hook, which the worker completes once it has released its jobs.</summary>
    public string? TerminationHookName { get; set; }

    /// <summary>How often the worker reads its target lifecycle state from the instance metadata service.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan LifecyclePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>/health</c> must stay unhealthy before the worker reports its instance Unhealthy to the group, which replaces it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(5);

    public bool InGroup => !string.IsNullOrWhiteSpace(GroupName);
}
