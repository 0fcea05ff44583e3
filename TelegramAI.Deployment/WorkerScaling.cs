using System.Text.Json.Nodes;
using TelegramAI.Contracts.Scaling;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Deployment;

/// <summary>
/// How the worker group grows and shrinks: two step policies on the MetricSender's CapacityGap
/// (<see cref="CapacityGapScaling"/>: target tracking's own rule, ceil(jobs waiting / BacklogPerInstanceTarget), on
/// every minute's datapoint in both directions), the termination lifecycle hook through which a terminated worker
/// releases its jobs, and the alarm that says when the metric stops arriving. The scaling simulator
/// (<c>TelegramAI.Benchmarks -- scaling</c>) runs these same policies and shows why plain target tracking is not used.
/// </summary>
internal static class WorkerScaling
{
    /// <summary>The worker group's termination lifecycle hook; the workers complete it once their jobs are back in the queue.</summary>
    public const string TerminationHookName = "release-jobs";

    /// <summary>
    /// Seconds a terminating worker may take before the hook ends by itself (with CONTINUE); the worker completes it
    /// within seconds, or records a heartbeat while its release goes on.
    /// </summary>
    public const int TerminationHookTimeoutSeconds = 120;

    /// <summary>The worker group's name, written out where a reference to the group would be a circular dependency (its role, its user data).</summary>
    public const string GroupNameSub = "${AWS::StackName}-workers";

    public const string MetricMissingAlarmSuffix = "scaling-metric-missing";

    public static JsonObject Resources() => new()
    {
        [ProductionTemplate.Resources.CapacityScaleOutPolicy] = StepPolicy(CapacityGapScaling.ScaleOutSteps),
        [ProductionTemplate.Resources.WorkersShortAlarm] = CapacityGapAlarm(
            "workers-short", "The backlog needs more workers than the group has: the scale-out policy adds them.",
            CapacityGapScaling.ScaleOutThreshold, "GreaterThanOrEqualToThreshold", ProductionTemplate.Resources.CapacityScaleOutPolicy),
        [ProductionTemplate.Resources.CapacityScaleInPolicy] = StepPolicy(CapacityGapScaling.ScaleInSteps),
        [ProductionTemplate.Resources.WorkersSpareAlarm] = CapacityGapAlarm(
            "workers-spare", "The backlog needs fewer workers than the group has: the scale-in policy lowers the desired capacity; busy workers are protected and leave once idle.",
            CapacityGapScaling.ScaleInThreshold, "LessThanThreshold", ProductionTemplate.Resources.CapacityScaleInPolicy),

        // Without the metric both alarms stay quiet and the group keeps its size; this alarm makes that visible.
        [ProductionTemplate.Resources.ScalingMetricMissingAlarm] = new JsonObject
        {
            ["Type"] = "AWS::CloudWatch::Alarm",
            ["Properties"] = new JsonObject
            {
                ["AlarmName"] = Fn.StackName(MetricMissingAlarmSuffix),
                ["AlarmDescription"] =
                    $"No {ScalingMetric.DefaultMetricName} for 3 minutes: the MetricSender is down and worker scaling is frozen.",
                ["Namespace"] = ScalingMetric.DefaultNamespace,
                ["MetricName"] = ScalingMetric.DefaultMetricName,
                ["Dimensions"] = WorkerGroupDimension(),
                ["Statistic"] = "SampleCount",
                ["Period"] = 60,
                ["EvaluationPeriods"] = 3,
                ["Threshold"] = 1,
                ["ComparisonOperator"] = "LessThanThreshold",
                ["TreatMissingData"] = "breaching",
            },
        },
    };

    /// <summary>
    /// The worker group's Terminating hook: every termination (scale-in of an idle worker, an unhealthy instance, an
    /// instance refresh) waits in Terminating:Wait until the worker has released its jobs and completed the action.
    /// Declared on the group, so it exists before the first instance launches.
    /// </summary>
    public static JsonArray LifecycleHooks() => new(new JsonObject
    {
        ["LifecycleHookName"] = TerminationHookName,
        ["LifecycleTransition"] = "autoscaling:EC2_INSTANCE_TERMINATING",
        ["HeartbeatTimeout"] = TerminationHookTimeoutSeconds,
        ["DefaultResult"] = "CONTINUE",
    });

    /// <summary>The worker role's part: protect, report and release only instances of its own group.</summary>
    public static JsonObject WorkerPermissions() => Roles.Allow(
        ["autoscaling:SetInstanceProtection", "autoscaling:SetInstanceHealth", "autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
        [GroupArn(GroupNameSub)]);

    /// <summary>A group's ARN from its name; the group's id in the ARN is not known in advance.</summary>
    public static JsonObject GroupArn(string groupNameSub) =>
        Fn.Sub("arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/" + groupNameSub);

    public static JsonArray WorkerGroupDimension() =>
        new(new JsonObject { ["Name"] = ScalingMetric.DimensionName, ["Value"] = Fn.Ref(ProductionTemplate.Resources.WorkerGroup) });

    private static JsonObject StepPolicy(IReadOnlyList<StepAdjustment> steps) => new()
    {
        ["Type"] = "AWS::AutoScaling::ScalingPolicy",
        ["Properties"] = new JsonObject
        {
            ["AutoScalingGroupName"] = Fn.Ref(ProductionTemplate.Resources.WorkerGroup),
            ["PolicyType"] = "StepScaling",
            ["AdjustmentType"] = "ChangeInCapacity",
            ["MetricAggregationType"] = CapacityGapScaling.Statistic,
            ["EstimatedInstanceWarmup"] = CapacityGapScaling.EstimatedInstanceWarmupSeconds,
            ["StepAdjustments"] = new JsonArray([.. steps.Select(Step)]),
        },
    };

    private static JsonNode Step(StepAdjustment step)
    {
        var json = new JsonObject();
        if (step.MetricIntervalLowerBound is { } lower)
            json["MetricIntervalLowerBound"] = lower;
        if (step.MetricIntervalUpperBound is { } upper)
            json["MetricIntervalUpperBound"] = upper;
        json["ScalingAdjustment"] = step.ScalingAdjustment;
        return json;
    }

    private static JsonObject CapacityGapAlarm(string name, string description, double threshold, string comparison, string policy) => new()
    {
        ["Type"] = "AWS::CloudWatch::Alarm",
        ["Properties"] = new JsonObject
        {
            ["AlarmName"] = Fn.StackName(name),
            ["AlarmDescription"] = description,
            ["Namespace"] = ScalingMetric.DefaultNamespace,
            ["MetricName"] = ScalingMetric.CapacityGapMetricName,
            ["Dimensions"] = WorkerGroupDimension(),
            ["Statistic"] = CapacityGapScaling.Statistic,
            ["Period"] = CapacityGapScaling.PeriodSeconds,
            ["EvaluationPeriods"] = CapacityGapScaling.DatapointsToAlarm,
            ["DatapointsToAlarm"] = CapacityGapScaling.DatapointsToAlarm,
            ["Threshold"] = threshold,
            ["ComparisonOperator"] = comparison,
            // No metric, no scaling: the metric-missing alarm speaks for that.
            ["TreatMissingData"] = "notBreaching",
            ["AlarmActions"] = new JsonArray(Fn.Ref(policy)),
        },
    };
}
