using System.Diagnostics;
using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Queues;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Bot.Reporting;

/// <summary>
/// Consumes <c>Queues__Results</c> (the worker never talks to Telegram) and hands each result to the
/// <see cref="ResultHandler"/>, ten at a time in parallel. A result is deleted only once reported, or
/// once Telegram refused it for good; one Telegram could not take yet comes back after a backoff. A
/// message that is not a result (a poison message) is logged and deleted: it can never be reported.
/// The loop outlives any failure of SQS or Telegram, waiting longer after each one in a row.
/// </summary>
public sealed partial class ResultReporter(
    BotQueues queues,
    ResultHandler handler,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<ResultReporter> logger) : BackgroundService
{
    private const int MaxMessagesPerReceive = 10;

    // A result that keeps failing for reasons other than Telegram is given up after this many receives.
    private const int MaxReportAttempts = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var received = await queues.Results.ReceiveAsync(MaxMessagesPerReceive, options.Value.ResultsWait, stoppingToken);
                    var (toReport, superseded) = Supersede(received);
                    var done = superseded.Select(message => message.ReceiptHandle).ToList();
                    await Parallel.ForEachAsync(
                        toReport,
                        new ParallelOptions { MaxDegreeOfParallelism = options.Value.ReplyConcurrency, CancellationToken = stoppingToken },
                        async (message, token) =>
                        {
                            if (await ReportAsync(message, token))
                            {
                                lock (done)
                                {
                                    done.Add(message.ReceiptHandle);
                                }
                            }
                        });
                    if (done.Count > 0)
                    {
                        await queues.Results.DeleteBatchAsync(done, stoppingToken);
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
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; results not yet deleted come back to the next start.
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleted result message {MessageId}: it is not a job result ({Reason})")]
    private partial void LogPoison(string messageId, string reason);
}
