namespace TelegramAI.Telegram.Types;

/// <summary>Why a request failed and what to do about it (https://core.telegram.org/bots/api#responseparameters).</summary>
public sealed class ResponseParameters
{
    /// <summary>The group became a supergroup with this id; repeat the request there.</summary>
    public long? MigrateToChatId { get; set; }

    /// <summary>Seconds to wait before repeating a request that hit a flood limit.</summary>
    public int? RetryAfter { get; set; }
}
