using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Worker.Downloads;
using TelegramAI.Worker.Storage;
using TelegramAI.Worker.Telemetry;

namespace TelegramAI.Worker.Jobs;

/// <summary>
/// One job, from its message to its final result: resolve the video, find it in S3 or wait for its turn to
/// download and upload it (one download per video however many jobs ask at once), report, and only then
/// delete the message. The message is the job's only record, so every way out either answers it (success
/// or failure) or leaves it for another attempt.
/// </summary>
public sealed class JobProcessor(
    IVideoDownloader downloader,
    PrivateHostGuard privateHosts,
    VideoStore store,
    DownloadLeases leases,
    BotCheckRefusals botCheckRefusals,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ILogger<JobProcessor> logger)
{
    public const string GaveUp = "The download kept failing. Please try again later.";

    private readonly WorkerOptions _options = options.Value;

    /// <param name="abandon">Cancelled when the worker stops and the grace period is over: the job is released, not answered.</param>
    public async Task ProcessAsync(JobQueues queues, ReceivedMessage<JobMessage> message, CancellationToken abandon)
    {
        var job = message.Body ?? throw new ArgumentException("Only a valid job can be processed.", nameof(message));
        using var activity = WorkerTelemetry.StartJob(message);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.JobId, ["Attempt"] = message.ReceiveCount });
        var started = time.GetTimestamp();
        var folder = Path.Combine(_options.TempDirectory, $"job-{job.JobId:N}-{Guid.NewGuid():N}");

        var heartbeat = new VisibilityHeartbeat(queues.Jobs, message.ReceiptHandle, queues.Lease, logger);
        try
        {
            logger.LogInformation("Processing job: {Kind} {Request}", job.Kind, job.Request);
            var (video, downloaded) = await FetchAsync(job, folder, queues, abandon);
            await AnswerAsync(queues, message, heartbeat, Result(job, JobResultKind.Succeeded) with { Video = video }, abandon);

            WorkerTelemetry.JobsSucceeded.Add(1, new KeyValuePair<string, object?>("downloaded", downloaded));
            WorkerTelemetry.JobDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", "succeeded"));
            logger.LogInformation("Job succeeded: {Key}, {Bytes} bytes, {How}", video.Key, video.SizeBytes, downloaded ? "downloaded" : "already stored");
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            await heartbeat.DisposeAsync();
            await SetVisibilityAsync(queues, message, TimeSpan.Zero, "released for another worker as this one stops");
        }
        catch (VideoDownloadException e) when (e.MaxAttempts is { } maxAttempts && message.ReceiveCount >= maxAttempts)
        {
            await CountBotCheckAsync(queues, e);
            logger.LogInformation("Job failed for good: {Reason}: {Message}{Diagnostics}", e.Reason, e.Message, Diagnostics(e));
            await FailAsync(queues, message, heartbeat, e.Reason, e.Message, started, abandon);
        }
        catch (Exception e)
        {
            await heartbeat.DisposeAsync();
            await CountBotCheckAsync(queues, e);
            await RetryOrGiveUpAsync(queues, message, heartbeat, e, started, abandon);
        }
        finally
        {
            await heartbeat.DisposeAsync();
            DeleteFolder(folder);
        }
    }

    /// <summary>The stored video, and whether it had to be downloaded (false when S3 had it already).</summary>
    private async Task<(StoredVideo Video, bool Downloaded)> FetchAsync(
        JobMessage job, string folder, JobQueues queues, CancellationToken cancellationToken)
    {
        var request = VideoRequest.From(job);
        if (request.Kind == RequestKind.Url)
            await privateHosts.EnsureAllowedAsync(request.Text, cancellationToken);

        var info = await downloader.ResolveAsync(request, cancellationToken);
        // A search result or a page can lead elsewhere than the request did.
        await privateHosts.EnsureAllowedAsync(info.SourceUrl, cancellationToken);

        var key = info.Identity.ToS3Key();
        Activity.Current?.SetTag("telegramai.video.key", key);
        // The download lease lapses with the job's own: a worker that dies gives up both within one lease.
        var turn = await leases.WaitForTurnAsync(key, queues.Lease, $"{Environment.MachineName} pid {Environment.ProcessId}, job {job.JobId}", cancellationToken);
        if (turn.StoredSize is { } storedSize)
            return (Stored(key, info, storedSize), false);

        // Released once the video is stored, or this job gave up on it: before the answer, so waiting jobs go on.
        await using var lease = turn.Lease!;
        Directory.CreateDirectory(folder);
        var progress = new ProgressReporter(queues.Results, job, _options.ProgressInterval, time, logger);
        DownloadedVideo downloaded;
        try
        {
            // A video known to fit in one part has nothing to gain from going up while it downloads.
            var growingFile = info.ApproximateSizeBytes <= VideoStore.PartSize ? null : downloader.GrowingFile(info, folder);
            downloaded = growingFile is not null
                ? await DownloadWhileStoringAsync(key, info, folder, growingFile, progress, cancellationToken)
                : await DownloadThenStoreAsync(key, info, folder, progress, cancellationToken);
        }
        finally
        {
            await progress.FlushAsync();
        }

        WorkerTelemetry.BytesStored.Add(downloaded.SizeBytes);
        return (Stored(key, downloaded.Info, downloaded.SizeBytes), true);
    }

    private async Task<DownloadedVideo> DownloadThenStoreAsync(
        string key, VideoInfo info, string folder, IProgress<DownloadProgress> progress, CancellationToken cancellationToken)
    {
        var downloaded = await downloader.DownloadAsync(info, folder, progress, cancellationToken);
        await store.UploadAsync(key, downloaded, cancellationToken);
        return downloaded;
    }

    /// <summary>
    /// A video that comes as one file written in order goes up to S3 part by part as it downloads, so the
    /// upload ends soon after the download rather than taking as long again. The finished file has the
    /// last word: parts that differ from it are sent again, and if its metadata changed the early upload
    /// is dropped for a plain one.
    /// </summary>
    private async Task<DownloadedVideo> DownloadWhileStoringAsync(
        string key, VideoInfo info, string folder, string growingFile, IProgress<DownloadProgress> progress, CancellationToken cancellationToken)
    {
        using var span = WorkerTelemetry.StartStore(store.Bucket, key);
        await using var upload = await store.StartUploadAsync(key, info, cancellationToken);
        using var stopDownload = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var download = downloader.DownloadAsync(info, folder, progress, stopDownload.Token);
        try
        {
            await upload.FollowAsync(growingFile, download, cancellationToken);
        }
        catch
        {
            // The upload failed: the download is stopped, and waited for, as it cleans up after itself.
            await stopDownload.CancelAsync();
            await ((Task)download).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var downloaded = await download;
        logger.LogDebug("Downloaded while {Parts} parts went up to S3", upload.PartsSent);
        if (!upload.Describes(downloaded.Info))
        {
            logger.LogInformation("The video's metadata changed during the download; it is uploaded again with it");
            await store.UploadAsync(key, downloaded, cancellationToken);
            return downloaded;
        }

        await upload.CompleteAsync(downloaded.FilePath, cancellationToken);
        return downloaded;
    }

    /// <summary>
    /// A failure that may pass. Before the last attempt the message is left hidden for the retry delay;
    /// on the last one the user is told now, since the redrive policy takes the message out of reach next.
    /// </summary>
    private async Task RetryOrGiveUpAsync(
        JobQueues queues, ReceivedMessage<JobMessage> message, VisibilityHeartbeat heartbeat, Exception failure, long started, CancellationToken abandon)
    {
        if (!queues.IsLastAttempt(message.ReceiveCount))
        {
            logger.LogWarning(failure, "Attempt {Attempt} of {MaxAttempts} failed; trying again in {Delay}", message.ReceiveCount, queues.MaxAttempts, _options.RetryDelay);
            await SetVisibilityAsync(queues, message, _options.RetryDelay, "left for another attempt");
            return;
        }

        logger.LogError(failure, "The last attempt ({Attempt} of {MaxAttempts}) failed; reporting the failure", message.ReceiveCount, queues.MaxAttempts);
        // A failure that only passes by chance (a bot check) is named; any other one kept failing.
        var (reason, userMessage) = failure is VideoDownloadException { MaxAttempts: not null } known
            ? (known.Reason, known.Message)
            : (FailureReason.DownloadFailed, GaveUp);
        try
        {
            if (queues.DeadLetters is null)
            {
                await FailAsync(queues, message, heartbeat, reason, userMessage, started, abandon);
                return;
            }

            // Answered, yet kept: made visible at once so the redrive policy moves it to the
            // dead-letter queue, where someone can see which jobs kept failing.
            await queues.Results.SendAsync(Result(message.Body!, JobResultKind.Failed) with { Failure = new JobFailure(reason, userMessage) }, abandon);
            RecordFailure(reason, started);
        }
        catch (Exception e) when (e is not OperationCanceledException || !abandon.IsCancellationRequested)
        {
            logger.LogError(e, "Could not report the failure; the message stays for the redrive policy");
        }

        await SetVisibilityAsync(queues, message, TimeSpan.Zero, "left for the dead-letter queue");
    }

    private async Task FailAsync(
        JobQueues queues, ReceivedMessage<JobMessage> message, VisibilityHeartbeat heartbeat, FailureReason reason, string userMessage, long started, CancellationToken abandon)
    {
        try
        {
            await AnswerAsync(queues, message, heartbeat, Result(message.Body!, JobResultKind.Failed) with { Failure = new JobFailure(reason, userMessage) }, abandon);
            RecordFailure(reason, started);
        }
        catch (Exception e)
        {
            // The message comes back when its lease lapses and the job runs (and fails) again.
            logger.LogError(e, "Could not report the failure; the job will be tried again");
        }
    }

    /// <summary>Every refusal counts, the first too: the operator's alarm should not wait for the retry.</summary>
    private async Task CountBotCheckAsync(JobQueues queues, Exception failure)
    {
        if (failure is VideoDownloadException { Reason: FailureReason.BotCheck })
            await botCheckRefusals.RecordAsync(queues.Jobs.QueueUrl);
    }

    private void RecordFailure(FailureReason reason, long started)
    {
        WorkerTelemetry.JobsFailed.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
        WorkerTelemetry.JobDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    /// <summary>
    /// Sends the final result, then deletes the job: a crash between the two repeats the result (the Bot
    /// knows it by its job id), never loses it. A job whose delete fails comes back and is answered the
    /// same way again, as its video is in S3 by then.
    /// </summary>
    private async Task AnswerAsync(
        JobQueues queues, ReceivedMessage<JobMessage> message, VisibilityHeartbeat heartbeat, JobResult result, CancellationToken cancellationToken)
    {
        await queues.Results.SendAsync(result, cancellationToken);

        // Stopped before the delete, so it does not try to extend a message that is gone.
        await heartbeat.DisposeAsync();
        try
        {
            await queues.Jobs.DeleteAsync(message.ReceiptHandle, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The result is sent but the job could not be deleted; it will be answered again");
        }
    }

    private async Task SetVisibilityAsync(JobQueues queues, ReceivedMessage<JobMessage> message, TimeSpan visibility, string why)
    {
        try
        {
            // Not cancelled with the job: this is what hands the job on when the worker stops.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await queues.Jobs.ChangeVisibilityAsync(message.ReceiptHandle, visibility, timeout.Token);
            logger.LogInformation("Job {Why}", why);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not change the job's visibility; it returns when its lease lapses");
        }
    }

    private JobResult Result(JobMessage job, JobResultKind kind) => JobResult.For(job, kind, time.GetUtcNow());

    private StoredVideo Stored(string key, VideoInfo info, long size) =>
        new(store.Bucket, key, info.Title, info.Duration, size, info.SourceUrl);

    private static string Diagnostics(VideoDownloadException e) =>
        e.Diagnostics.Length == 0 ? "" : Environment.NewLine + e.Diagnostics;

    private void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the job folder {Folder}", folder);
        }
    }
}
