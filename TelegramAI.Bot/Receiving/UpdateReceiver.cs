using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Outbound;
using TelegramAI.Bot.State;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace TelegramAI.Bot.Receiving;

/// <summary>
/// Long-polls getUpdates (polling mode) and hands each batch to the <see cref="UpdateHandler"/>. The
/// offset, which tells Telegram an update is done, moves past a batch only after the handler has
/// settled it (its jobs on the queue, its replies recorded), so a restart loses no update; the
/// <see cref="UpdateLedger"/> keeps the redelivered ones from being answered or enqueued twice. Any failure is logged and
/// waited out with backoff, and the same batch is fetched again: the loop never ends on an error.
/// </summary>
public sealed partial class UpdateReceiver(
    ITelegramBotClient telegram,
    UpdateHandler handler,
    BotStateStore state,
    TelegramOutbox outbox,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<UpdateReceiver> logger) : BackgroundService
{
    private const int MaxUpdatesPerCall = 100;

    /// <summary>
    /// Replies waiting for Telegram's flood limits above which no more updates are fetched until some have gone:
    /// memory stays bounded, and the updates wait at Telegram, which keeps them for a day.
    /// </summary>
    private const int MaxRepliesWaiting = 20_000;

    /// <summary>The kinds of update the bot answers (<see cref="UpdateHandler"/>); Telegram sends no others.</summary>
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.MyChatMember];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Mode != UpdateMode.Polling)
        {
            return;
        }

        int? offset = null;
        var confirmed = offset;
        var failures = 0;
        var pollSeconds = (int)options.Value.PollTimeout.TotalSeconds;
        try
        {
            // getUpdates answers 409 while a webhook is set: a bot switched from webhook mode needs it gone.
            await RetryAsync(() => telegram.DeleteWebhook(cancellationToken: stoppingToken), "deleteWebhook", stoppingToken);
            LogPolling(pollSeconds);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (outbox.Queued > MaxRepliesWaiting)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                    continue;
                }

                try
                {
                    var updates = await telegram.GetUpdates(offset, MaxUpdatesPerCall, pollSeconds, AllowedUpdates, stoppingToken);
                    confirmed = offset;
                    if (offset is { } done)
                    {
                        state.Updates.ConfirmBelow(done);
                    }

                    if (updates.Length > 0)
                    {
                        await handler.HandleAsync(updates, stoppingToken);
                        offset = updates.Max(u => u.Id) + 1;
                    }

                    failures = 0;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    failures++;
                    var wait = Backoff.After(failures, options.Value.RetryDelay, options.Value.MaxRetryDelay);
                    LogFailed(failures, wait.TotalSeconds, e.GetType().Name, TelegramErrors.Describe(e));
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. A batch cut short here was not confirmed: Telegram delivers it again to the next start.
        }

        if (offset != confirmed)
        {
            await ConfirmOnStopAsync(offset!.Value);
        }
    }

    /// <summary>
    /// Tells Telegram about the last settled batch before the process ends, so a graceful stop does not
    /// leave it to be delivered again (the ledger would catch that too, at the cost of a file read).
    /// </summary>
    private async Task ConfirmOnStopAsync(int offset)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3), time);
            await telegram.GetUpdates(offset, 1, 0, AllowedUpdates, deadline.Token);
            state.Updates.ConfirmBelow(offset);
        }
        catch (Exception e) when (e is RequestException or OperationCanceledException)
        {
            LogConfirmOnStopFailed(TelegramErrors.Describe(e));
        }
    }

    private async Task RetryAsync(Func<Task> call, string method, CancellationToken stoppingToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await call();
                return;
            }
            catch (RequestException e)
            {
                var wait = Backoff.After(failures, options.Value.RetryDelay, options.Value.MaxRetryDelay);
                LogFailed(failures, wait.TotalSeconds, method, TelegramErrors.Describe(e));
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving updates by long polling ({PollSeconds} s per call)")]
    private partial void LogPolling(int pollSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving updates failed ({Failures} in a row), trying again in {WaitSeconds:0.#} s: {Kind}: {Reason}")]
    private partial void LogFailed(int failures, double waitSeconds, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not confirm the last updates while stopping; they will be delivered again and recognised: {Reason}")]
    private partial void LogConfirmOnStopFailed(string reason);
}
