using System.Globalization;
using TelegramAI.AppHost.Stack;
using TelegramAI.MetricSender.Configuration;

namespace TelegramAI.AppHost.Services;

public static class MetricSenderResourceExtensions
{
    /// <summary>
    /// The MetricSender's keys from the stack: its AWS and one target, the jobs queue and the worker group;
    /// published every <paramref name="period"/> at high resolution, so the local autoscaler sees each sample; the
    /// capacity gap at the local target.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithMetricSenderStack(
        this IResourceBuilder<ExecutableResource> metricSender, IResourceBuilder<ProductionStackResource> stack, TimeSpan period, int backlogPerInstanceTarget) =>
        metricSender.WithStackOutputs(stack, (outputs, settings) =>
        {
            var target = $"{ScalingOptions.Section}:{nameof(ScalingOptions.Targets)}:0";
            settings[target, nameof(ScalingTarget.Queue)] = outputs.JobsQueueUrl;
            settings[target, nameof(ScalingTarget.AutoScalingGroup)] = outputs.WorkerGroup;
            settings[target, nameof(ScalingTarget.BacklogPerInstanceTarget)] = backlogPerInstanceTarget.ToString(CultureInfo.InvariantCulture);
            settings[ScalingOptions.Section, nameof(ScalingOptions.Period)] = period.ToString("c", CultureInfo.InvariantCulture);
            settings[ScalingOptions.Section, nameof(ScalingOptions.HighResolution)] = "true";
        });
}
