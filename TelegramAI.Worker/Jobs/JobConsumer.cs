using Amazon.SQS;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Worker.Scaling;
using TelegramAI.Worker.Storage;
using TelegramAI.Worker.Telemetry;

namespace TelegramAI.Worker.Jobs;

/// <summary>
/// The Worker's loop: long-polls the jobs queue while it has a free slot, hands each job to the
/// <see cref="JobProcessor"/> and each message that is not a job to the dead-letter queue. In an Auto Scaling group
/// it protects its instance from scale-in while it holds a job and lifts the protection once idle. On stop it
/// receives no more, lets running jobs finish within the grace period, then releases the rest; when the group
/// terminates its instance it releases them at once.
/// </summary>
public sealed class JobConsumer(
    IAmazonSQS sqs,
    IOptions<QueuesOptions> queuesOptions,
    IOptions<WorkerOptions> options,
    VideoStore store,
    JobProcessor processor,
    WorkerInstance instance,
    ScaleInProtection protection,
    InstanceTermination termination,
    JobLoopActivity activity,
    JobTimings timings,
    TimeProvider time,
    ILogger<JobConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(20);

    /// <summary>A protected worker with nothing to do looks once more, briefly, before it lifts its protection.</summary>
    private static readonly TimeSpan IdleCheckWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ReceiveErrorBackoff = TimeSpan.FromSeconds(5);

    private readonly WorkerOptions _options = options.Value;
    private readonly CancellationTokenSource _abandonJobs = new();
    private JobQueues? _queues;

    /// <summary>Jobs this worker holds: counted up before a job starts and down before its slot is free again.</summary>
    private int _held;

    /// <summary>Connects to the queues and the bucket first, so a wrong setting stops the worker with its key.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await instance.ResolveAsync();
        _queues = await JobQueues.ConnectAsync(sqs, queuesOptions.Value, cancellationToken);
        await store.EnsureBucketExistsAsync(cancellationToken);

        if (_queues.Redrive is { } redrive)
        {
            logger.LogInformation(
                "Worker ready: {Concurrency} job(s) at once, lease {Lease}, {MaxAttempts} attempts before the dead-letter queue {DeadLetters}",
                _options.Concurrency, _queues.Lease, redrive.MaxReceiveCount, _queues.DeadLetters!.QueueUrl);
        }
        else
        {
            logger.LogWarning(
                "The jobs queue has no redrive policy: messages that are not jobs are logged and deleted, and a job gets {MaxAttempts} attempts",
                _queues.MaxAttempts);
        }

        RemoveFoldersOfEarlierRuns();
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandonJobs.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queues = _queues ?? throw new InvalidOperationException("Not started.");
        using var slots = new SemaphoreSlim(_options.Concurrency);
        var running = new List<Task>();

        // Stopping, or the group terminating the instance: either ends receiving.
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, termination.Token);
        var stop = receiving.Token;
        while (!stop.IsCancellationRequested)
        {
            running.RemoveAll(task => task.IsCompleted);
            try
            {
                await slots.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var free = 1;
            while (free < 10 && slots.Wait(0))
                free++;

            var idle = Volatile.Read(ref _held) == 0;
            IReadOnlyList<ReceivedMessage<JobMessage>> messages;
            activity.ReceiveStarted();
            try
            {
                messages = await queues.Jobs.ReceiveAsync(free, idle && protection.IsProtected ? IdleCheckWait : PollWait, stop, queues.Lease);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                slots.Release(free);
                logger.LogError(e, "Could not receive jobs; trying again in {Delay}", ReceiveErrorBackoff);
                await WaitOrStopAsync(ReceiveErrorBackoff, stop);
                continue;
            }
            finally
            {
                activity.ReceiveEnded();
            }

            if (free > messages.Count)
                slots.Release(free - messages.Count);

            // Idle: no job held and none offered. Jobs that follow each other keep the protection on.
            if (messages.Count == 0 && idle)
                await protection.UnprotectAsync();

            foreach (var message in messages)
            {
                if (message.IsValid)
                {
                    Interlocked.Increment(ref _held);
                    await protection.ProtectAsync();
                    running.Add(RunAsync(queues, message, slots));
                }
                else
                {
                    await DeadLetterAsync(queues, message);
                    slots.Release();
                }
            }
        }

        if (termination.IsTerminating && !stoppingToken.IsCancellationRequested)
        {
            await ReleaseJobsAsync(running);
            termination.MarkReleased();
        }
        else
        {
            await StopJobsAsync(running);
        }
    }

    private async Task RunAsync(JobQueues queues, ReceivedMessage<JobMessage> message, SemaphoreSlim slots)
    {
        var started = time.GetTimestamp();
        if (message.ReceiveCount == 1 && message.Body is { } job)
            timings.RecordQueueWait(queues.Jobs.QueueUrl, time.GetUtcNow() - job.RequestedAt);

        try
        {
            using var _ = activity.JobStarted();

            // Off the loop's thread at once: the loop goes back to receiving while the job runs.
            await Task.Run(() => processor.ProcessAsync(queues, message, _abandonJobs.Token), CancellationToken.None);

            // An attempt cut short to hand the job on says nothing about how long jobs take.
            if (!_abandonJobs.IsCancellationRequested)
                timings.RecordProcessingTime(queues.Jobs.QueueUrl, time.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {JobId} ended with an unexpected error; its message returns when its lease lapses", message.Body?.JobId);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
            slots.Release();
        }
    }

    /// <summary>
    /// A message that is not a job would come back forever: it is moved to the dead-letter queue as it
    /// arrived (body and attributes) and deleted here. Without a dead-letter queue it is logged and deleted.
    /// </summary>
    private async Task DeadLetterAsync(JobQueues queues, ReceivedMessage<JobMessage> message)
    {
        var reason = message.InvalidReason ?? "not a job";
        try
        {
            if (queues.DeadLetters is { } deadLetters)
            {
                await deadLetters.SendAsync(message.Raw, reason, CancellationToken.None);
                logger.LogWarning("Message {MessageId} is not a valid job ({Reason}); moved to the dead-letter queue", message.Raw.MessageId, reason);
            }
            else
            {
                var body = message.Raw.Body;
                logger.LogError(
                    "Message {MessageId} is not a valid job ({Reason}) and there is no dead-letter queue; deleting it. Body: {Body}",
                    message.Raw.MessageId, reason, body.Length > 2000 ? body[..2000] : body);
            }

            await queues.Jobs.DeleteAsync(message.ReceiptHandle, CancellationToken.None);
        }
        catch (Exception e)
        {
            // It comes back after its lease and is tried again; the redrive policy moves it in the end.
            logger.LogError(e, "Could not move message {MessageId} to the dead-letter queue", message.Raw.MessageId);
        }
    }

    /// <summary>The group is terminating this instance: every running job goes back to the queue now, with no grace.</summary>
    private async Task ReleaseJobsAsync(List<Task> running)
    {
        running.RemoveAll(task => task.IsCompleted);
        logger.LogWarning("Instance terminating: releasing {Count} running job(s) for other workers", running.Count);
        await _abandonJobs.CancelAsync();
        await Task.WhenAll(running);
    }

    private async Task StopJobsAsync(List<Task> running)
    {
        running.RemoveAll(task => task.IsCompleted);
        if (running.Count > 0)
        {
            logger.LogInformation("Stopping: waiting up to {Grace} for {Count} running job(s)", _options.ShutdownGrace, running.Count);
            var all = Task.WhenAll(running);
            await Task.WhenAny(all, Task.Delay(_options.ShutdownGrace, CancellationToken.None));
            if (!all.IsCompleted)
            {
                logger.LogWarning("Grace period over: releasing {Count} running job(s) for other workers", running.Count(task => !task.IsCompleted));
                await _abandonJobs.CancelAsync();
            }

            await all;
        }

        logger.LogInformation("Stopped");
    }

    /// <summary>A worker killed mid-job leaves its job folder behind; its job has gone back to the queue.</summary>
    private void RemoveFoldersOfEarlierRuns()
    {
        Directory.CreateDirectory(_options.TempDirectory);
        foreach (var folder in Directory.EnumerateDirectories(_options.TempDirectory, "job-*"))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                logger.LogInformation("Removed {Folder}, left by an earlier run", folder);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Could not remove {Folder}", folder);
            }
        }
    }

    private static async Task WaitOrStopAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
