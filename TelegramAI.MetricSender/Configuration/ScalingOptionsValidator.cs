using Microsoft.Extensions.Options;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.MetricSender.Configuration;

/// <summary>
/// The checks DataAnnotations cannot express: the target list, each target's keys by index, and
/// CloudWatch's rules for names. Every failure names its key, for example <c>Scaling__Targets__0__Queue</c>.
/// </summary>
public sealed class ScalingOptionsValidator : IValidateOptions<ScalingOptions>
{
    // PutMetricData's limits for a namespace and a metric name.
    private const int MaxNameLength = 255;

    private const double MaxBacklogPerInstanceTarget = 1_000_000;

    public static string TargetKey(int index, string member) =>
        ConfigurationKey.ToEnvironmentVariable($"{ScalingOptions.Section}:{nameof(ScalingOptions.Targets)}:{index}", member);

    public ValidateOptionsResult Validate(string? name, ScalingOptions options)
    {
        var failures = new List<string>();
        if (options.Targets.Count == 0)
        {
            failures.Add($"{ConfigurationKey.ToEnvironmentVariable(ScalingOptions.Section, nameof(ScalingOptions.Targets))}: at least one target is required; " +
                $"set {TargetKey(0, nameof(ScalingTarget.Queue))} and {TargetKey(0, nameof(ScalingTarget.AutoScalingGroup))}.");
        }

        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Targets.Count; i++)
        {
            var target = options.Targets[i];
            if (string.IsNullOrWhiteSpace(target.Queue))
            {
                failures.Add($"{TargetKey(i, nameof(ScalingTarget.Queue))}: is required; give the jobs queue's URL or name.");
            }

            if (string.IsNullOrWhiteSpace(target.AutoScalingGroup))
            {
                failures.Add($"{TargetKey(i, nameof(ScalingTarget.AutoScalingGroup))}: is required; give the name of the Auto Scaling group that consumes the queue.");
            }
            else if (!groups.TryAdd(target.AutoScalingGroup, i))
            {
                // Two values for one dimension in one period would average into a number that is neither.
                failures.Add($"{TargetKey(i, nameof(ScalingTarget.AutoScalingGroup))}: '{target.AutoScalingGroup}' is already the group of " +
                    $"{TargetKey(groups[target.AutoScalingGroup], nameof(ScalingTarget.AutoScalingGroup))}; a group can have one metric only.");
            }

            if (!(target.BacklogPerInstanceTarget is > 0 and <= MaxBacklogPerInstanceTarget))
            {
                failures.Add($"{TargetKey(i, nameof(ScalingTarget.BacklogPerInstanceTarget))}: must be above 0 and at most {MaxBacklogPerInstanceTarget}.");
            }

            if (!Enum.IsDefined(target.Capacity))
            {
                failures.Add($"{TargetKey(i, nameof(ScalingTarget.Capacity))}: must be {nameof(CapacitySource.Desired)} or {nameof(CapacitySource.InService)}.");
            }
        }

        CheckName(options.Namespace, nameof(ScalingOptions.Namespace), failures);
        if (options.Namespace.StartsWith("AWS/", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{ConfigurationKey.ToEnvironmentVariable(ScalingOptions.Section, nameof(ScalingOptions.Namespace))}: 'AWS/' namespaces are reserved for AWS.");
        }

        CheckName(options.MetricName, nameof(ScalingOptions.MetricName), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckName(string value, string member, List<string> failures)
    {
        if (value.Length > MaxNameLength || value.Any(char.IsControl))
        {
            failures.Add($"{ConfigurationKey.ToEnvironmentVariable(ScalingOptions.Section, member)}: must be at most {MaxNameLength} printable characters.");
        }
    }
}
