using System.Diagnostics;
using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Queues;
using TelegramAI.Bot.State;
using TelegramAI.Contracts.Jobs;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using TelegramAI.Bot.Telegram;
using Telegram.Bot.Types;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// Turns a batch of updates (up to 100 from one getUpdates, or one from the webhook) into answers,
/// status messages and jobs. When it returns, every update is settled: its jobs are on the queue or
/// the user was told they could not be, so the caller may confirm the updates to Telegram.
/// <list type="number">
/// <item>Each update is triaged and answered; chats are served in parallel (bounded), each chat's
/// updates in order. Every link gets its own status message, which the worker's progress edits.</item>
/// <item>What was sent is recorded in the <see cref="UpdateLedger"/> before anything is enqueued.</item>
/// <item>The jobs go out with SendMessageBatch, each with its update's trace context.</item>
/// </list>
/// The batch is worked through in waves of about ten updates (one SendMessageBatch), the next waves
/// answered while earlier ones' jobs are being sent.
/// A transient Telegram failure is thrown after step 2, for the caller to deliver the batch again
/// later; the ledger makes that repeat send nothing twice.
/// </summary>
public sealed partial class UpdateHandler(
    ITelegramBotClient telegram,
    BotQueues queues,
    MessageTriage triage,
    UpdateLedger ledger,
    IOptions<BotOptions> options,
    IOptions<TelegramOptions> telegramOptions,
    TimeProvider time,
    ILogger<UpdateHandler> logger)
{
    private readonly long botId = JobIds.BotIdOf(telegramOptions.Value.BotToken);

    /// <summary>
    /// Updates answered as one wave before their jobs go to SQS: about one SendMessageBatch call's worth.
    /// The next wave is answered while this one's jobs are being sent, so Telegram's round trips hide
    /// behind SQS's instead of adding to them.
    /// </summary>
    private const int WaveSize = 10;

    /// <summary>SendMessageBatch calls that may run at once, each carrying one wave's jobs.</summary>
    private const int SendsInFlight = 4;

    public async Task HandleAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var handled = new HandledUpdate?[updates.Count];
        var traces = new Activity?[updates.Count];
        var outer = Activity.Current;

        // A few waves' SendMessageBatch calls in flight at once: SQS serves them in parallel, and a
        // standard queue keeps no order between them anyway.
        var sending = new Queue<Task>();
        try
        {
            for (var start = 0; start < updates.Count; start += WaveSize)
            {
                var wave = Enumerable.Range(start, Math.Min(WaveSize, updates.Count - start)).ToList();
                var failure = await AnswerAllAsync(updates, wave, handled, traces, outer, cancellationToken);

                // The record of the status messages is on disk before any of their jobs is sent.
                if (wave.Any(i => handled[i] is { Settled: false }))
                {
                    await ledger.SaveAsync(cancellationToken);
                }

                if (failure is not null)
                {
                    await Task.WhenAll(sending);
                    throw failure;
                }

                var jobs = wave.Where(i => handled[i] is { Settled: false }).Select(i => (handled[i]!, traces[i])).ToList();
                if (sending.Count == SendsInFlight)
                {
                    await sending.Dequeue();
                }

                sending.Enqueue(EnqueueAsync(jobs, cancellationToken));
            }

            await Task.WhenAll(sending);
        }
        finally
        {
            // A wave's sending may still run when an answer failed: let it end before its traces do.
            await Task.WhenAll(sending).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var trace in traces)
            {
                trace?.Dispose();
            }

            Activity.Current = outer;
        }
    }

    /// <returns>The first transient Telegram failure, if any; the updates it stopped are left unhandled.</returns>
    private async Task<Exception?> AnswerAllAsync(
        IReadOnlyList<Update> updates, IReadOnlyList<int> wave, HandledUpdate?[] handled, Activity?[] traces, Activity? parent, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var chats = wave.GroupBy(i => updates[i].Message?.Chat.Id ?? 0);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.ReplyConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(chats, parallel, async (chat, token) =>
        {
            foreach (var i in chat)
            {
                var update = updates[i];

                // Each update is its own span under the caller's (the webhook request), not under the previous update's.
                Activity.Current = parent;
                if (ledger.TryGet(update.Id, out var earlier))
                {
                    // Delivered again (a restart, or a retry after a failure): what was sent stands.
                    handled[i] = earlier;
                    if (!earlier.Settled)
                    {
                        traces[i] = StartTrace(update, redelivered: true);
                    }

                    continue;
                }

                traces[i] = StartTrace(update, redelivered: false);
                try
                {
                    handled[i] = await AnswerAsync(update, token);
                    ledger.Record(handled[i]!);
                }
                catch (Exception e) when (TelegramErrors.IsTransient(e))
                {
                    Interlocked.CompareExchange(ref failure, e, null);

                    // The chat's later updates wait for this one, so the user's messages are answered in order.
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not Telegram's doing: delivering it again would fail the same way and hold up every later update.
                    LogUpdateFailed(update.Id, e);
                    handled[i] = new HandledUpdate(update.Id, [], [], Settled: true, time.GetUtcNow());
                    ledger.Record(handled[i]!);
                }
            }
        });

        return failure;
    }

    /// <summary>One small method per kind of update; kinds the bot does not serve are settled without a word.</summary>
    private Task<HandledUpdate> AnswerAsync(Update update, CancellationToken cancellationToken) => update switch
    {
        { Message: { } message } => AnswerMessageAsync(update, message, cancellationToken),

        // Edits, channel posts, member changes: nothing was asked (allowed_updates asks only for messages).
        _ => Task.FromResult(Nothing(update)),
    };

    private HandledUpdate Nothing(Update update) => new(update.Id, [], [], Settled: true, time.GetUtcNow());

    private async Task<HandledUpdate> AnswerMessageAsync(Update update, Message message, CancellationToken cancellationToken)
    {
        var decision = triage.Decide(message);
        if (decision.Answers.Count == 0 && decision.Jobs.Count == 0)
        {
            return Nothing(update);
        }

        var sent = new List<int>();
        foreach (var answer in decision.Answers)
        {
            if (await ReplyAsync(message, answer, cancellationToken) is { } reply)
            {
                sent.Add(reply.Id);
            }
        }

        var jobs = new List<JobMessage>();
        for (var index = 0; index < decision.Jobs.Count; index++)
        {
            var request = decision.Jobs[index];
            if (await ReplyAsync(message, request.StatusText, cancellationToken) is not { } status)
            {
                // Telegram refused for good (the chat is gone, the bot was blocked): nobody to report to.
                continue;
            }

            sent.Add(status.Id);
            jobs.Add(new JobMessage
            {
                JobId = JobIds.For(botId, update.Id, index),
                ChatId = message.Chat.Id,
                UserId = message.From?.Id ?? message.Chat.Id,
                StatusMessageId = status.Id,
                Kind = request.Kind,
                Request = request.Request,
                RequestedAt = time.GetUtcNow(),
            });
        }

        LogAnswered(update.Id, message.Chat.Id, decision.Answers.Count, jobs.Count);
        return new HandledUpdate(update.Id, [.. sent], [.. jobs], Settled: jobs.Count == 0, time.GetUtcNow());
    }

    /// <returns>The message sent, or null when Telegram refused it for good. Transient failures are thrown.</returns>
    private async Task<Message?> ReplyAsync(Message to, string text, CancellationToken cancellationToken)
    {
        try
        {
            return await telegram.SendMessage(
                to.Chat.Id,
                text,
                replyParameters: new ReplyParameters { MessageId = to.Id, AllowSendingWithoutReply = true },
                linkPreviewOptions: LinkPreviewOptions.Disabled,
                cancellationToken: cancellationToken);
        }
        catch (RequestException e) when (!TelegramErrors.IsTransient(e))
        {
            LogReplyRefused(to.Chat.Id, TelegramErrors.Describe(e));
            return null;
        }
    }

    /// <summary>
    /// Sends the jobs in SendMessageBatch calls of ten, repeating what failed up to
    /// <see cref="BotOptions.EnqueueAttempts"/> times; a job that still cannot be sent gets
    /// "Something went wrong" in its status message. Either way the updates end settled.
    /// </summary>
    private async Task EnqueueAsync(IReadOnlyList<(HandledUpdate Update, Activity? Trace)> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var pending = updates.SelectMany(u => u.Update.Jobs.Select(job => (Job: job, u.Trace))).ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var failed = new List<(JobMessage Job, Activity? Trace)>();
            foreach (var chunk in pending.Chunk(10))
            {
                try
                {
                    var outcomes = await queues.Jobs.SendBatchAsync(chunk, cancellationToken);
                    failed.AddRange(chunk.Where((_, i) => !outcomes[i].Sent));
                    foreach (var refused in outcomes.Where(o => !o.Sent))
                    {
                        LogEnqueueFailed(attempt, refused.Error ?? "refused");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogEnqueueFailed(attempt, e.Message);
                    failed.AddRange(chunk);
                }
            }

            pending = failed;
            if (pending.Count > 0 && attempt >= options.Value.EnqueueAttempts)
            {
                await TellSomethingWentWrongAsync(pending.Select(p => p.Job), cancellationToken);
                break;
            }

            if (pending.Count > 0)
            {
                await Task.Delay(Backoff.After(attempt, options.Value.RetryDelay, options.Value.MaxRetryDelay), time, cancellationToken);
            }
        }

        foreach (var (update, _) in updates)
        {
            ledger.Record(update with { Settled = true });
        }

        await ledger.SaveAsync(cancellationToken);
    }

    private async Task TellSomethingWentWrongAsync(IEnumerable<JobMessage> jobs, CancellationToken cancellationToken)
    {
        foreach (var job in jobs)
        {
            try
            {
                await telegram.EditMessageText(job.ChatId, job.StatusMessageId, BotReplies.SomethingWentWrong, cancellationToken: cancellationToken);
            }
            catch (RequestException e)
            {
                LogReplyRefused(job.ChatId, TelegramErrors.Describe(e));
            }
        }
    }

    private static Activity? StartTrace(Update update, bool redelivered)
    {
        var activity = BotTelemetry.Source.StartActivity("telegram update", ActivityKind.Consumer);
        activity?.SetTag("telegram.update_id", update.Id);
        activity?.SetTag("telegram.chat_id", update.Message?.Chat.Id);
        activity?.SetTag("telegram.redelivered", redelivered);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Update {UpdateId} from chat {ChatId}: {Answers} answers, {Jobs} jobs")]
    private partial void LogAnswered(int updateId, long chatId, int answers, int jobs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Update {UpdateId} could not be handled and is skipped")]
    private partial void LogUpdateFailed(int updateId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused a message to chat {ChatId}: {Reason}")]
    private partial void LogReplyRefused(long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending jobs failed (attempt {Attempt}): {Reason}")]
    private partial void LogEnqueueFailed(int attempt, string reason);
}
