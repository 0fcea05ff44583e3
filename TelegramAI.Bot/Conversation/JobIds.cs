using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// Job ids derived from what the job came from, not drawn at random, so that an update Telegram delivers again
/// yields the same ids and the worker and the bot can tell a repeat from a new request. They come from what Telegram
/// never reuses: the chat, the user's message id, the request's place among the message's links and the request
/// itself (an edit that changes a link makes a new job; one that keeps it does not), under the identity of the bot
/// and its Bot API server (see <see cref="State.BotStateStore"/>), since a local server numbers messages afresh.
/// </summary>
public static class JobIds
{
    /// <param name="botKey">The bot and its server, <see cref="State.BotStateStore.Key"/>.</param>
    public static Guid For(string botKey, long chatId, int messageId, int place, string request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"telegramai-bot/2/{botKey}/{chatId}/{messageId}/{place}/{request}")), hash);

        // An RFC 9562 version 8 (custom) UUID: the hash with the version and variant bits set.
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The bot's id, the digits before the colon of its token.</summary>
    public static long BotIdOf(string botToken)
    {
        ArgumentNullException.ThrowIfNull(botToken);
        var colon = botToken.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(botToken.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }
}
