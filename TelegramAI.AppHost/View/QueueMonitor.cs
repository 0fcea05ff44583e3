using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using TelegramAI.AppHost.Run;

namespace TelegramAI.AppHost.View;

/// <summary>Reads the jobs queue's depth, in-flight and dead-letter counts for the view, and reports each change.</summary>
public sealed class QueueMonitor(AppModel model, HostConsole console, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var system = await model.Ready.WaitAsync(stoppingToken);
            using var sqs = system.Aws.CreateSqsClient();
            string? last = null;
            using var timer = new PeriodicTimer(Interval, time);
            do
            {
                try
                {
                    var jobs = await CountsAsync(sqs, system.Stack.JobsQueueUrl, stoppingToken);
                    var deadLetter = await CountsAsync(sqs, system.Stack.DeadLetterQueueUrl, stoppingToken);
                    model.Scaling = model.Scaling with
                    {
                        Visible = jobs.ApproximateNumberOfMessages,
                        InFlight = jobs.ApproximateNumberOfMessagesNotVisible,
                        DeadLetter = deadLetter.ApproximateNumberOfMessages,
                    };
                    var line = HostEvent.Queue(jobs.ApproximateNumberOfMessages, jobs.ApproximateNumberOfMessagesNotVisible, deadLetter.ApproximateNumberOfMessages);
                    if (line != last)
                    {
                        console.Event(line);
                        last = line;
                    }
                }
                catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException && !stoppingToken.IsCancellationRequested)
                {
                    console.Event($"queue monitor: {e.Message}");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static Task<GetQueueAttributesResponse> CountsAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken) =>
        sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
        }, cancellationToken);
}
