using System.Text.Json;
using System.Text.Json.Nodes;
using TelegramAI.Contracts.Downloads;
using TelegramAI.Contracts.Scaling;
using static TelegramAI.Deployment.ProductionTemplate;

namespace TelegramAI.Deployment;

/// <summary>
/// What an operator watches: the <c>&lt;stack&gt;</c> CloudWatch dashboard (the queue, the dead letters, the scaling
/// metric and what the group did with it, how long jobs take and wait) and the alarm on dead-lettered jobs.
/// </summary>
internal static class OperatorView
{
    private const string JobsQueueNameSub = "${AWS::StackName}-jobs";
    private const string DeadLetterQueueNameSub = "${AWS::StackName}-jobs-dlq";

    /// <summary>Stands for the target in the dashboard's JSON until it becomes the parameter's reference, a number.</summary>
    private const string DeadLettersAlarmSuffix = "jobs-dead-lettered";

    private const string TargetPlaceholder = "\"__BacklogPerInstanceTarget__\"";

    public static JsonObject Resources() => new()
    {
        [ProductionTemplate.Resources.DeadLettersAlarm] = new JsonObject
        {
            ["Type"] = "AWS::CloudWatch::Alarm",
            ["Properties"] = new JsonObject
            {
                ["AlarmName"] = Fn.StackName(DeadLettersAlarmSuffix),
                ["AlarmDescription"] = Fn.Sub(
                    "Jobs are in the dead-letter queue " + DeadLetterQueueNameSub + ": they failed " + MaxReceiveCount
                    + " times or were not jobs. Their users were told; read them to find out why, then purge or redrive them (see deploy/README.md)."),
                ["Namespace"] = "AWS/SQS",
                ["MetricName"] = "ApproximateNumberOfMessagesVisible",
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "QueueName", ["Value"] = Fn.GetAtt(ProductionTemplate.Resources.JobsDeadLetterQueue, "QueueName") }),
                ["Statistic"] = "Maximum",
                ["Period"] = 60,
                ["EvaluationPeriods"] = 1,
                ["Threshold"] = 1,
                ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
                ["TreatMissingData"] = "notBreaching",
            },
        },
        [ProductionTemplate.Resources.OperatorDashboard] = new JsonObject
        {
            ["Type"] = "AWS::CloudWatch::Dashboard",
            ["Properties"] = new JsonObject
            {
                ["DashboardName"] = Fn.StackName("operations"),
                ["DashboardBody"] = Fn.Sub(Body()),
            },
        },
    };

    /// <summary>The dashboard's JSON (CloudWatch dashboard body structure), as an Fn::Sub template.</summary>
    internal static string Body()
    {
        var widgets = new JsonArray(
            Graph("Jobs queue: waiting and in flight", 0, 0, "Maximum",
                Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", JobsQueueNameSub, "waiting"),
                Metric("AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", JobsQueueNameSub, "in flight")),
            Graph("Dead-letter queue: jobs that failed for good", 12, 0, "Maximum",
                Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", DeadLetterQueueNameSub, "dead-lettered")),
            Graph("BacklogPerInstance (jobs waiting per worker) and its target", 0, 6, "Average",
                Metric(ScalingMetric.DefaultNamespace, ScalingMetric.DefaultMetricName, ScalingMetric.DimensionName, WorkerScaling.GroupNameSub, "BacklogPerInstance"))
                .WithTarget(),
            Graph("Workers: desired and in service, and the capacity gap the policies act on", 12, 6, "Maximum",
                Metric("AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", WorkerScaling.GroupNameSub, "desired"),
                Metric("AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", WorkerScaling.GroupNameSub, "in service"),
                Metric(ScalingMetric.DefaultNamespace, ScalingMetric.CapacityGapMetricName, ScalingMetric.DimensionName, WorkerScaling.GroupNameSub, "capacity gap")),
            Graph("Job processing time (s)", 0, 12, null,
                Metric(JobMetrics.Namespace, JobMetrics.ProcessingTime, JobMetrics.DimensionName, JobsQueueNameSub, "p50", "p50"),
                Metric(JobMetrics.Namespace, JobMetrics.ProcessingTime, JobMetrics.DimensionName, JobsQueueNameSub, "p95", "p95"),
                Metric(JobMetrics.Namespace, JobMetrics.ProcessingTime, JobMetrics.DimensionName, JobsQueueNameSub, "average", "Average")),
            Graph("Queue wait, request to start of work (s)", 12, 12, null,
                Metric(JobMetrics.Namespace, JobMetrics.QueueWait, JobMetrics.DimensionName, JobsQueueNameSub, "p50", "p50"),
                Metric(JobMetrics.Namespace, JobMetrics.QueueWait, JobMetrics.DimensionName, JobsQueueNameSub, "p95", "p95"),
                Metric(JobMetrics.Namespace, JobMetrics.QueueWait, JobMetrics.DimensionName, JobsQueueNameSub, "max", "Maximum")),
            Graph("Sites refusing the workers (bot checks)", 0, 18, "Sum",
                Metric(BotCheckMetric.Namespace, BotCheckMetric.MetricName, BotCheckMetric.DimensionName, JobsQueueNameSub, "refusals")),
            new JsonObject
            {
                ["type"] = "alarm",
                ["x"] = 12,
                ["y"] = 18,
                ["width"] = 12,
                ["height"] = 6,
                ["properties"] = new JsonObject
                {
                    ["title"] = "Alarms",
                    ["alarms"] = new JsonArray(AlarmArn(DeadLettersAlarmSuffix), AlarmArn(WorkerScaling.MetricMissingAlarmSuffix), AlarmArn(SiteAccess.BotCheckAlarmSuffix)),
                },
            });

        return new JsonObject { ["widgets"] = widgets }.ToJsonString(new JsonSerializerOptions { WriteIndented = false })
            .Replace(TargetPlaceholder, "${" + Parameters.BacklogPerInstanceTarget + "}", StringComparison.Ordinal);
    }

    private static JsonObject Graph(string title, int x, int y, string? stat, params JsonArray[] metrics)
    {
        var properties = new JsonObject
        {
            ["title"] = title,
            ["region"] = "${AWS::Region}",
            ["view"] = "timeSeries",
            ["stacked"] = false,
            ["period"] = 60,
            ["metrics"] = new JsonArray(metrics),
        };
        if (stat is not null)
            properties["stat"] = stat;
        return new JsonObject { ["type"] = "metric", ["x"] = x, ["y"] = y, ["width"] = 12, ["height"] = 6, ["properties"] = properties };
    }

    private static JsonObject WithTarget(this JsonObject graph)
    {
        graph["properties"]!["annotations"] = new JsonObject
        {
            ["horizontal"] = new JsonArray(new JsonObject { ["label"] = "BacklogPerInstanceTarget", ["value"] = JsonNode.Parse(TargetPlaceholder) }),
        };
        return graph;
    }

    private static JsonArray Metric(string @namespace, string name, string dimension, string value, string label, string? stat = null)
    {
        var options = new JsonObject { ["label"] = label };
        if (stat is not null)
            options["stat"] = stat;
        return new JsonArray(@namespace, name, dimension, value, options);
    }

    /// <summary>An alarm's ARN from its name, so the dashboard needs nothing of the alarm resources (an emulator may skip them).</summary>
    private static string AlarmArn(string suffix) => "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-" + suffix;
}
