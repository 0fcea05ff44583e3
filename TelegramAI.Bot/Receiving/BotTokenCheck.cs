using TelegramAI.Contracts.Configuration;
using TelegramAI.Bot.Telegram;
using Telegram.Bot.Exceptions;

namespace TelegramAI.Bot.Receiving;

/// <summary>
/// Asks Telegram who the bot is before the loops start: a token Telegram refuses stops the service
/// with its key, instead of a loop that retries for ever while <c>/health</c> says all is well.
/// A Telegram that cannot be reached yet is no reason to stop: the loops wait for it with backoff.
/// </summary>
public sealed partial class BotTokenCheck(BotIdentity identity, ILogger<BotTokenCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await identity.GetAsync(cancellationToken);
            LogIdentified(me.Username ?? me.FirstName, me.Id);
        }
        catch (ApiRequestException e) when (e.ErrorCode is 401 or 404)
        {
            // 404 is what the Bot API answers for a token of the wrong shape.
            throw new ConfigurationException("Telegram__BotToken", $"Telegram refused the token ({e.ErrorCode} {e.Message}); get a valid one from @BotFather.", e);
        }
        catch (RequestException e)
        {
            LogUnreachable(TelegramErrors.Describe(e));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram knows this bot as {Name} (id {BotId})")]
    private partial void LogIdentified(string name, long botId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram could not be asked who this bot is; the loops will keep trying: {Reason}")]
    private partial void LogUnreachable(string reason);
}
