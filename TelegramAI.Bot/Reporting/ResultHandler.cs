using Amazon.S3;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.S3;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace TelegramAI.Bot.Reporting;

/// <summary>What to do with a result message once it was handled.</summary>
public enum ReportOutcome
{
    /// <summary>Reported, dropped on purpose, or refused by Telegram for good: delete the message.</summary>
    Done,

    /// <summary>Telegram could not be reached: leave the message for a later attempt.</summary>
    Retry,
}

/// <summary>
/// Tells the user about one <see cref="JobResult"/>: progress edits the status message; success edits it
/// into the title, duration, size and a presigned link, and a video small enough for Telegram to fetch
/// by URL also arrives as a playable video; failure edits it into a plain-words reason.
/// </summary>
public sealed partial class ResultHandler(
    ITelegramBotClient telegram,
    IAmazonS3 s3,
    ProgressThrottle throttle,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<ResultHandler> logger)
{
    /// <summary>Telegram fetches files by URL up to 20 MB (https://core.telegram.org/bots/api#sending-files).</summary>
    public const long MaxVideoSizeByUrl = 20L * 1024 * 1024;

    public async Task<ReportOutcome> HandleAsync(JobResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (throttle.IsFinished(result.JobId))
        {
            // A repeat of a final result, or progress that arrived after it.
            return ReportOutcome.Done;
        }

        try
        {
            switch (result.Kind)
            {
                case JobResultKind.Progress:
                    await ReportProgressAsync(result, cancellationToken);
                    return ReportOutcome.Done;
                case JobResultKind.Succeeded when result.Video is { } video:
                    await ReportSuccessAsync(result, video, cancellationToken);
                    break;
                case JobResultKind.Succeeded:
                    LogSucceededWithoutVideo(result.JobId);
                    await ShowFinalAsync(result, BotReplies.SomethingWentWrong, cancellationToken);
                    break;
                default:
                    await ShowFinalAsync(result, BotReplies.Failed(result.Failure), cancellationToken);
                    break;
            }
        }
        catch (RequestException e) when (TelegramErrors.IsTransient(e))
        {
            LogTelegramUnavailable(result.JobId, TelegramErrors.Describe(e));
            return ReportOutcome.Retry;
        }
        catch (RequestException e)
        {
            // 403 blocked by the user, 400 chat not found: this will never go through.
            LogRefused(result.JobId, result.ChatId, TelegramErrors.Describe(e));
        }

        throttle.Finished(result.JobId, result.ChatId, result.StatusMessageId);
        return ReportOutcome.Done;
    }

    private async Task ReportProgressAsync(JobResult result, CancellationToken cancellationToken)
    {
        if (result.Progress is not { } progress)
        {
            return;
        }

        var text = BotReplies.Progress(progress);
        if (!throttle.ShouldEdit(result.ChatId, result.StatusMessageId, text))
        {
            return;
        }

        try
        {
            await telegram.EditMessageText(result.ChatId, result.StatusMessageId, text, cancellationToken: cancellationToken);
            throttle.Edited(result.ChatId, result.StatusMessageId, text);
        }
        catch (RequestException e) when (!TelegramErrors.IsNotModified(e))
        {
            // Progress is only news until the next report: a failed edit is skipped, not repeated.
            LogProgressSkipped(result.JobId, TelegramErrors.Describe(e));
        }
    }

    private async Task ReportSuccessAsync(JobResult result, StoredVideo video, CancellationToken cancellationToken)
    {
        var link = await s3.PresignGetAsync(video.Bucket, video.Key, options.Value.LinkLifetime, time);
        await ShowFinalAsync(result, BotReplies.Succeeded(video, link), cancellationToken);
        if (video.SizeBytes > MaxVideoSizeByUrl)
        {
            return;
        }

        try
        {
            await telegram.SendVideo(
                result.ChatId,
                InputFile.FromUri(link),
                caption: BotReplies.VideoCaption(video, link),
                replyParameters: new ReplyParameters { MessageId = result.StatusMessageId, AllowSendingWithoutReply = true },
                duration: video.Duration is { } d ? (int)Math.Round(d.TotalSeconds) : null,
                supportsStreaming: true,
                cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            // Telegram could not fetch the URL (wrong type, too large after all): the link in the status message stands.
            LogVideoRefused(result.JobId, TelegramErrors.Describe(e));
        }
    }

    /// <summary>Edits the status message into the final word, or sends it anew when the status message is gone.</summary>
    private async Task ShowFinalAsync(JobResult result, string text, CancellationToken cancellationToken)
    {
        try
        {
            await telegram.EditMessageText(result.ChatId, result.StatusMessageId, text, linkPreviewOptions: LinkPreviewOptions.Disabled, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (TelegramErrors.IsNotModified(e))
        {
            // Already says it: a repeat of this result after a restart.
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("message", StringComparison.OrdinalIgnoreCase))
        {
            // The user deleted the status message (or it can no longer be edited): say it in a new one.
            await telegram.SendMessage(result.ChatId, text, linkPreviewOptions: LinkPreviewOptions.Disabled, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} succeeded without a video in its result; the user is told something went wrong")]
    private partial void LogSucceededWithoutVideo(Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram unavailable while reporting job {JobId}; the result is kept for later: {Reason}")]
    private partial void LogTelegramUnavailable(Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram refused the report of job {JobId} to chat {ChatId} for good: {Reason}")]
    private partial void LogRefused(Guid jobId, long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Progress edit of job {JobId} skipped: {Reason}")]
    private partial void LogProgressSkipped(Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram did not take job {JobId}'s video by URL; the user has the link: {Reason}")]
    private partial void LogVideoRefused(Guid jobId, string reason);
}
