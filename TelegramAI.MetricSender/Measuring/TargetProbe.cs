using Amazon.SQS;
using Amazon.SQS.Model;
using TelegramAI.Aws.AutoScaling;
using TelegramAI.Aws.AutoScaling.Model;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Configuration;
using TelegramAI.MetricSender.Configuration;

namespace TelegramAI.MetricSender.Measuring;

/// <summary>
/// Measures one target: its queue's backlog and its group's capacity, asked at the same time.
/// A missing queue or group, or any other failure, is logged and yields no measurement, so the
/// target publishes nothing this period while the others go on.
/// </summary>
public sealed partial class TargetProbe(
    IAmazonSQS sqs, IAutoScalingClient autoScaling, QueueUrls queueUrls, TimeProvider time, ILogger<TargetProbe> logger)
{
    /// <param name="index">The target's place in <c>Scaling__Targets</c>, to name its key in errors.</param>
    public async Task<TargetMeasurement?> MeasureAsync(ScalingTarget target, int index, CancellationToken cancellationToken)
    {
        try
        {
            var messages = CountMessagesAsync(target, index, cancellationToken);
            var capacity = CapacityAsync(target, cancellationToken);
            await Task.WhenAll(messages, capacity);
            if (await capacity is not { } instances)
            {
                LogGroupNotFound(target.AutoScalingGroup);
                return null;
            }

            return new TargetMeasurement(target, await messages, instances, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogMeasuringCutShort(target.AutoScalingGroup, target.Queue);
            return null;
        }
        catch (Exception e) when (QueueNotFound(e))
        {
            LogQueueNotFound(target.Queue, target.AutoScalingGroup);
            return null;
        }
        catch (Exception e)
        {
            // Whatever went wrong with this target must not cost the others their period.
            LogMeasuringFailed(e, target.AutoScalingGroup, target.Queue);
            return null;
        }
    }

    private async Task<long> CountMessagesAsync(ScalingTarget target, int index, CancellationToken cancellationToken)
    {
        var url = await queueUrls.ResolveAsync(sqs, ScalingOptionsValidator.TargetKey(index, nameof(ScalingTarget.Queue)), target.Queue, cancellationToken);
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = target.CountInFlight
                ? [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible]
                : [QueueAttributeName.ApproximateNumberOfMessages],
        }, cancellationToken);
        return attributes.ApproximateNumberOfMessages + (target.CountInFlight ? attributes.ApproximateNumberOfMessagesNotVisible : 0L);
    }

    /// <returns>Null when the group does not exist: DescribeAutoScalingGroups answers an empty list, not an error.</returns>
    private async Task<int?> CapacityAsync(ScalingTarget target, CancellationToken cancellationToken)
    {
        var response = await autoScaling.DescribeAutoScalingGroupsAsync(
            new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [target.AutoScalingGroup] }, cancellationToken);
        var group = response.AutoScalingGroups.FirstOrDefault(g => g.AutoScalingGroupName == target.AutoScalingGroup);
        return group is null ? null
            : target.Capacity == CapacitySource.InService ? group.Instances.Count(i => i.LifecycleState == LifecycleState.InService)
            : group.DesiredCapacity;
    }

    // QueueAddress reports a missing queue as a setting to fix at start-up; here it is a target to skip this period.
    private static bool QueueNotFound(Exception e) =>
        e is QueueDoesNotExistException or ConfigurationException { InnerException: QueueDoesNotExistException };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Autoscaling group not found: {AutoScalingGroup}")]
    private partial void LogGroupNotFound(string autoScalingGroup);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue not found: {Queue} (for {AutoScalingGroup})")]
    private partial void LogQueueNotFound(string queue, string autoScalingGroup);

    [LoggerMessage(Level = LogLevel.Error, Message = "Measuring {AutoScalingGroup} with queue {Queue} failed; it publishes nothing this period")]
    private partial void LogMeasuringFailed(Exception exception, string autoScalingGroup, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Measuring {AutoScalingGroup} with queue {Queue} was cut short by the end of its time or by shutdown; it publishes nothing this period")]
    private partial void LogMeasuringCutShort(string autoScalingGroup, string queue);
}
