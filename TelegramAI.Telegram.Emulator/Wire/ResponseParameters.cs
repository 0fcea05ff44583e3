namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>Why a request failed and what to do about it (https://core.telegram.org/bots/api#responseparameters).</summary>
public sealed class ResponseParameters
{
    /// <summary><c>migrate_to_chat_id</c>: the group became a supergroup with this id.</summary>
    public long? MigrateToChatId { get; set; }

    /// <summary><c>retry_after</c>: seconds to wait before repeating a request that hit a flood limit.</summary>
    public int? RetryAfter { get; set; }
}
