using Telegram.Bot;
using Telegram.Bot.Types;

namespace TelegramAI.Bot.Telegram;

/// <summary>
/// Who the bot is on Telegram (getMe), asked once: its id and username tell a command or mention meant for it in a
/// group from one meant for another bot.
/// </summary>
public sealed class BotIdentity(ITelegramBotClient telegram)
{
    private readonly SemaphoreSlim asking = new(1, 1);
    private User? me;

    /// <summary>The bot's user; asks Telegram the first time (a failure is thrown, for the caller to try again later).</summary>
    public async Task<User> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref me) is { } known)
        {
            return known;
        }

        await asking.WaitAsync(cancellationToken);
        try
        {
            return me ??= await telegram.GetMe(cancellationToken);
        }
        finally
        {
            asking.Release();
        }
    }
}
