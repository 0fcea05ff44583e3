using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Queues;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Bot.Reporting;

/// <summary>
/// Consumes <c>Queues__Results</c> (the worker never talks to Telegram) and hands each result to the
/// <see cref="ResultHandler"/>. Results are reported side by side, up to <see cref="MaxInFlight"/> at once, so that
/// a chat waiting on Telegram's flood limits holds up no other; the loop keeps receiving meanwhile. A result is
/// deleted only once reported, or once Telegram refused it for good; one SQS delivers again while it is still being
/// reported (its visibility timeout ran out while it waited) is not reported twice, and is deleted by its newest
/// receipt handle. A message that is not a result (a poison message) is logged and deleted: it can never be
/// reported. The loop outlives any failure of SQS or Telegram, waiting longer after each one in a row.
/// </summary>
public sealed partial class ResultReporter(
    BotQueues queues,
    ResultHandler handler,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<ResultReporter> logger) : BackgroundService
{
    private const int MaxMessagesPerReceive = 10;

    /// <summary>Results being reported at once.</summary>
    private const int MaxInFlight = 200;

    // A result that keeps failing for reasons other than Telegram is given up after this many receives.
    private const int MaxReportAttempts = 5;

    private readonly ConcurrentDictionary<string, StrongBox<string>> reporting = new(StringComparer.Ordinal);
    private readonly Channel<string> toDelete = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim room = new(MaxInFlight, MaxInFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deleting = DeleteAsync(stoppingToken);
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Room for a whole receive before asking for one.
                for (var i = 0; i < MaxMessagesPerReceive; i++)
                {
                    await room.WaitAsync(stoppingToken);
                }

                var taken = 0;
                try
                {
                    var received = await queues.Results.ReceiveAsync(MaxMessagesPerReceive, options.Value.ResultsWait, stoppingToken);
                    var (toReport, superseded) = Supersede(received);
                    foreach (var message in superseded)
                    {
                        await toDelete.Writer.WriteAsync(message.ReceiptHandle, stoppingToken);
                    }

                    foreach (var message in toReport)
                    {
                        var receipt = new StrongBox<string>(message.ReceiptHandle);
                        if (!reporting.TryAdd(message.Raw.MessageId, receipt) && reporting.TryGetValue(message.Raw.MessageId, out var earlier))
                        {
                            // SQS handed it out again while it is still being reported: only the newest handle deletes it.
                            earlier.Value = message.ReceiptHandle;
                            continue;
                        }

                        taken++;
                        _ = ReportAndReleaseAsync(message, receipt, stoppingToken);
                    }

                    failures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    var wait = Backoff.After(failures, options.Value.RetryDelay, options.Value.MaxRetryDelay);
                    LogFailed(failures, wait.TotalSeconds, e.GetType().Name, e.Message);
                    await Task.Delay(wait, time, stoppingToken);
                }
                finally
                {
                    room.Release(MaxMessagesPerReceive - taken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; results not yet deleted come back to the next start.
        }

        toDelete.Writer.TryComplete();
        await deleting;
    }

    private async Task ReportAndReleaseAsync(ReceivedMessage<JobResult> message, StrongBox<string> receipt, CancellationToken stoppingToken)
    {
        try
        {
            if (await ReportAsync(message, stoppingToken))
            {
                toDelete.Writer.TryWrite(receipt.Value!);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the result comes back to the next start.
        }
        finally
        {
            reporting.TryRemove(message.Raw.MessageId, out _);
            room.Release();
        }
    }

    /// <summary>Deletes reported results ten to a call, as they come.</summary>
    private async Task DeleteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxMessagesPerReceive);
        while (await toDelete.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxMessagesPerReceive && toDelete.Reader.TryRead(out var receipt))
            {
                batch.Add(receipt);
            }

            try
            {
                // Finished even when stopping: a reported result left on the queue would only be dropped later.
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
                await queues.Results.DeleteBatchAsync(batch, deadline.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // They come back once their visibility timeout ends, and are dropped then as finished.
                LogDeleteFailed(batch.Count, e.GetType().Name, e.Message);
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// One result per job from a batch: results are reported in parallel, and SQS keeps no order, so a
    /// progress report handled beside its job's final result could land last and hide the link. The
    /// final result wins (one of them, when it came twice); otherwise the newest progress. The others
    /// are acknowledged unreported.
    /// </summary>
    internal static (List<ReceivedMessage<JobResult>> ToReport, List<ReceivedMessage<JobResult>> Superseded) Supersede(IReadOnlyList<ReceivedMessage<JobResult>> received)
    {
        var toReport = received.Where(message => message.Body is null).ToList();
        var superseded = new List<ReceivedMessage<JobResult>>();
        foreach (var job in received.Where(message => message.Body is not null).GroupBy(message => message.Body!.JobId))
        {
            var winner = job
                .OrderByDescending(message => message.Body!.Kind != JobResultKind.Progress)
                .ThenByDescending(message => message.Body!.At)
                .First();
            toReport.Add(winner);
            superseded.AddRange(job.Where(message => !ReferenceEquals(message, winner)));
        }

        return (toReport, superseded);
    }

    /// <returns>True when the message can be deleted.</returns>
    private async Task<bool> ReportAsync(ReceivedMessage<JobResult> message, CancellationToken cancellationToken)
    {
        if (message.Body is not { } result)
        {
            LogPoison(message.Raw.MessageId, message.InvalidReason ?? "unreadable");
            return true;
        }

        using var activity = BotTelemetry.Source.StartActivity("report result", ActivityKind.Consumer, message.TraceParent);
        activity?.SetTag("telegramai.job_id", result.JobId);
        activity?.SetTag("telegramai.result_kind", result.Kind.ToString());
        try
        {
            if (await handler.HandleAsync(result, cancellationToken) == ReportOutcome.Done)
            {
                return true;
            }

            // Not reported because the bot is stopping: it comes back to the next start as it is.
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not Telegram's doing (the handler sorts those out): S3 signing, or a result it cannot make sense of.
            LogReportFailed(result.JobId, message.ReceiveCount, e.GetType().Name, TelegramErrors.Describe(e));
            if (message.ReceiveCount >= MaxReportAttempts)
            {
                return true;
            }
        }

        // Back sooner than the queue's visibility timeout, later with each failed attempt.
        var wait = Backoff.After(message.ReceiveCount, options.Value.RetryDelay, options.Value.MaxRetryDelay);
        try
        {
            await queues.Results.ChangeVisibilityAsync(message.ReceiptHandle, wait, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(1, wait.TotalSeconds, e.GetType().Name, e.Message);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving results failed ({Failures} in a row), trying again in {WaitSeconds:0.#} s: {Kind}: {Reason}")]
    private partial void LogFailed(int failures, double waitSeconds, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting job {JobId} failed (receive {ReceiveCount}): {Kind}: {Reason}")]
    private partial void LogReportFailed(Guid jobId, int receiveCount, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {Count} reported results; they come back and are dropped as finished: {Kind}: {Reason}")]
    private partial void LogDeleteFailed(int count, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleted result message {MessageId}: it is not a job result ({Reason})")]
    private partial void LogPoison(string messageId, string reason);
}
