using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// Job ids derived from what the job came from (bot, update, link), not drawn at random: an update
/// Telegram delivers again after a restart yields the same ids, so the worker and the result
/// reporter can tell a repeat from a new request.
/// </summary>
public static class JobIds
{
    public static Guid For(long botId, int updateId, int linkIndex)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"telegramai-bot/{botId}/{updateId}/{linkIndex}")), hash);

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
