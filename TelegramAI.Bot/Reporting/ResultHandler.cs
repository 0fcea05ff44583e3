using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Outbound;
using TelegramAI.Bot.State;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Bot.Reporting;

/// <summary>What to do with a result message once it was handled.</summary>
public enum ReportOutcome
{
    /// <summary>Reported, dropped on purpose, or refused by Telegram for good: delete the message.</summary>
    Done,

    /// <summary>Not reported yet (the bot is stopping): leave the message for a later attempt.</summary>
    Retry,
}

/// <summary>
/// Tells the user about one <see cref="JobResult"/>, found by its job in the <see cref="JobBook"/>: progress edits the
/// job's status message; success turns it into the title, size and a download link, and the video follows when
/// Telegram's file limits allow (<see cref="VideoDelivery"/>); failure turns it into a plain-words reason.
/// <list type="bullet">
/// <item>A final result whose status reply has not gone yet (Telegram's limits held it) takes its place: the status
/// reply is called off and the result is sent as a reply to the user's message. A status message the user deleted
/// gets the same.</item>
/// <item>A result for a chat the bot may no longer write to settles the job without a word.</item>
/// <item>A result repeated or arriving after the final one (SQS delivers at least once) is dropped.</item>
/// </list>
/// </summary>
public sealed partial class ResultHandler(
    TelegramOutbox outbox,
    BotStateStore state,
    ProgressThrottle throttle,
    DownloadLinks links,
    VideoDelivery videos,
    ILogger<ResultHandler> logger)
{
    private readonly Dictionary<Guid, Task> reporting = [];

    /// <summary>Reports one result; results of one job are reported one at a time, in the order they come.</summary>
    public async Task<ReportOutcome> HandleAsync(JobResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);

        // SQS can hand out two results of one job at once (a repeat, or progress beside the final word).
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (reporting)
        {
            before = reporting.GetValueOrDefault(result.JobId) ?? Task.CompletedTask;
            reporting[result.JobId] = mine.Task;
        }

        try
        {
            await before.WaitAsync(cancellationToken);
            return await ReportAsync(result, cancellationToken);
        }
        finally
        {
            mine.SetResult();
            lock (reporting)
            {
                if (reporting.TryGetValue(result.JobId, out var last) && last == mine.Task)
                {
                    reporting.Remove(result.JobId);
                }
            }
        }
    }

    private async Task<ReportOutcome> ReportAsync(JobResult result, CancellationToken cancellationToken)
    {
        if (state.Jobs.IsFinished(result.JobId))
        {
            // A repeat of a final result, or progress that arrived after it.
            return ReportOutcome.Done;
        }

        var job = state.Jobs.Find(result.JobId);
        var chatId = state.Chats.Current(job is { ChatId: not 0 } ? job.ChatId : result.ChatId);
        if (state.Chats.IsGone(chatId, out var why))
        {
            LogChatGone(result.JobId, chatId, why);
            state.Jobs.Finished(result.JobId);
            return ReportOutcome.Done;
        }

        if (result.Kind == JobResultKind.Progress)
        {
            ReportProgress(result, job, chatId);
            return ReportOutcome.Done;
        }

        return await ReportFinalAsync(result, job, chatId, cancellationToken);
    }

    /// <summary>
    /// An edit of the status message, merged with any still waiting for it and dropped when stale; none while the
    /// status reply itself has not gone (the next progress, or the final result, will say more).
    /// </summary>
    private void ReportProgress(JobResult result, JobRecord? job, long chatId)
    {
        if (result.Progress is not { } progress || KnownStatusMessage(result, job, chatId) is not { } statusMessageId)
        {
            return;
        }

        var text = BotReplies.Progress(progress);
        if (!throttle.ShouldEdit(chatId, statusMessageId, text))
        {
            return;
        }

        throttle.Edited(chatId, statusMessageId, text);
        var ticket = outbox.Post(new OutgoingEdit(chatId, statusMessageId, text, OutboundPriority.Progress)
        {
            Key = OutboxKeys.Progress(chatId, statusMessageId),
        });
        _ = LogProgressOutcomeAsync(result.JobId, ticket);
    }

    private async Task<ReportOutcome> ReportFinalAsync(JobResult result, JobRecord? job, long chatId, CancellationToken cancellationToken)
    {
        DownloadLink? link = null;
        string text;
        switch (result)
        {
            case { Kind: JobResultKind.Succeeded, Video: { } video }:
                link = await links.CreateAsync(video.Bucket, video.Key);
                text = BotReplies.Succeeded(video, link.Url, link.Lifetime);
                break;
            case { Kind: JobResultKind.Succeeded }:
                LogSucceededWithoutVideo(result.JobId);
                text = BotReplies.SomethingWentWrong;
                break;
            default:
                text = BotReplies.Failed(result.Failure);
                break;
        }

        var statusMessageId = await SettleStatusReplyAsync(result, job, chatId, cancellationToken);

        // A group that moved to a supergroup left the user's message behind: nothing there to reply to.
        var replyTo = job is { ChatId: var asked } && asked == chatId ? job.RequestMessageId : null;
        var shown = await ShowAsync(chatId, statusMessageId, replyTo, job?.ThreadId, text, cancellationToken);
        switch (shown.Outcome)
        {
            case OutboxOutcome.Stopped:
                return ReportOutcome.Retry;
            case OutboxOutcome.ChatGone:
                state.Jobs.Finished(result.JobId);
                return ReportOutcome.Done;
            case OutboxOutcome.Refused:
                LogRefused(result.JobId, chatId, TelegramErrors.Describe(shown.Error!));
                state.Jobs.Finished(result.JobId);
                return ReportOutcome.Done;
        }

        if (result.Video is { } stored && link is not null && videos.FileFor(stored, link.Url) is { } file)
        {
            var sent = await outbox.Post(new OutgoingVideo(
                chatId,
                file,
                BotReplies.VideoCaption(stored, link.Url),
                shown.Message?.Id ?? replyTo,
                job?.ThreadId,
                stored.Duration is { } d ? (int)Math.Round(d.TotalSeconds) : null)).Completion;
            if (sent.Outcome == OutboxOutcome.Stopped)
            {
                return ReportOutcome.Retry;
            }

            if (sent.Outcome == OutboxOutcome.Refused)
            {
                // Telegram could not fetch the URL, or the upload was too large after all: the link in the message stands.
                LogVideoRefused(result.JobId, TelegramErrors.Describe(sent.Error!));
            }
        }

        state.Jobs.Finished(result.JobId);
        if (statusMessageId is { } id)
        {
            throttle.Forget(chatId, id);
        }

        return ReportOutcome.Done;
    }

    /// <summary>
    /// The status message the final result edits in <paramref name="chatId"/>: the one Telegram took, or none when its
    /// status reply was still waiting (it is called off; the result goes as a reply to the user's message instead) or
    /// was left behind in a group that has since become a supergroup.
    /// </summary>
    private async Task<int?> SettleStatusReplyAsync(JobResult result, JobRecord? job, long chatId, CancellationToken cancellationToken)
    {
        var statusKey = OutboxKeys.Status(result.JobId);
        if (outbox.TryCancel(statusKey))
        {
            return null;
        }

        if (outbox.TryFind(statusKey, out var inFlight))
        {
            var sent = await inFlight.Completion.WaitAsync(cancellationToken);
            return sent.Message is { } message && message.Chat.Id == chatId ? message.Id : null;
        }

        return KnownStatusMessage(result, state.Jobs.Find(result.JobId) ?? job, chatId);
    }

    /// <summary>The job's status message in <paramref name="chatId"/>, as the bot recorded it or a version 1 result names it.</summary>
    private static int? KnownStatusMessage(JobResult result, JobRecord? job, long chatId) =>
        job is { StatusMessageId: { } id } ? ((job.StatusChatId ?? job.ChatId) == chatId ? id : null)
        : result.ChatId == chatId ? result.StatusMessageId : null;

    /// <summary>
    /// Edits the status message into the final word (a progress edit still waiting is called off first, as it would
    /// undo it), or sends it anew when there is none or the user deleted it.
    /// </summary>
    private async Task<OutboxResult> ShowAsync(long chatId, int? statusMessageId, int? replyTo, int? threadId, string text, CancellationToken cancellationToken)
    {
        if (statusMessageId is { } id)
        {
            outbox.TryCancel(OutboxKeys.Progress(chatId, id));
            var edited = await outbox.Post(new OutgoingEdit(chatId, id, text, OutboundPriority.Final)).Completion.WaitAsync(cancellationToken);
            if (edited is { Outcome: OutboxOutcome.Refused, Error: { } error } && TelegramErrors.IsNotModified(error))
            {
                // Already says it: a repeat of this result after a restart.
                return new OutboxResult(OutboxOutcome.Sent);
            }

            if (edited is not { Outcome: OutboxOutcome.Refused, Error: { } gone } || !TelegramErrors.IsMessageToEditGone(gone))
            {
                return edited;
            }
        }

        return await outbox.Post(new OutgoingText(chatId, text, OutboundPriority.Final, replyTo, threadId)).Completion.WaitAsync(cancellationToken);
    }

    private async Task LogProgressOutcomeAsync(Guid jobId, OutboxTicket ticket)
    {
        var result = await ticket.Completion;
        if (result is { Outcome: OutboxOutcome.Refused, Error: { } error } && !TelegramErrors.IsNotModified(error))
        {
            // Progress is only news until the next report: a failed edit is skipped, not repeated.
            LogProgressSkipped(jobId, TelegramErrors.Describe(error));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} succeeded without a video in its result; the user is told something went wrong")]
    private partial void LogSucceededWithoutVideo(Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused the report of job {JobId} to chat {ChatId} for good: {Reason}")]
    private partial void LogRefused(Guid jobId, long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is settled without a word: chat {ChatId} can no longer be written to ({Reason})")]
    private partial void LogChatGone(Guid jobId, long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Progress edit of job {JobId} skipped: {Reason}")]
    private partial void LogProgressSkipped(Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram did not take job {JobId}'s video; the user has the link: {Reason}")]
    private partial void LogVideoRefused(Guid jobId, string reason);
}
