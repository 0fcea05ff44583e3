using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;

namespace TelegramAI.Bot.Receiving;

/// <summary>
/// At start, finishes what the last run left in the <see cref="State.UpdateLedger"/>: jobs not yet queued and
/// replies not yet sent. Telegram does not deliver an update again once it was confirmed, and a confirmed update
/// may still owe replies, so this does not wait for it to.
/// </summary>
public sealed partial class UnfinishedUpdates(UpdateHandler handler, IOptions<BotOptions> options, TimeProvider time, ILogger<UnfinishedUpdates> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                await handler.ResumeAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var wait = Backoff.After(failures, options.Value.RetryDelay, options.Value.MaxRetryDelay);
                LogFailed(wait.TotalSeconds, e.GetType().Name, e.Message);
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finishing the last run's updates failed, trying again in {WaitSeconds:0.#} s: {Kind}: {Reason}")]
    private partial void LogFailed(double waitSeconds, string kind, string reason);
}
