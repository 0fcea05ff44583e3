namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// An incoming update as the Bot API sends it (https://core.telegram.org/bots/api#update). The stand-in makes
/// only new messages, so only <c>message</c> is modelled.
/// </summary>
public sealed class Update
{
    /// <summary><c>update_id</c>: increases by one per update, which is what getUpdates' <c>offset</c> relies on.</summary>
    public int UpdateId { get; set; }

    /// <summary><c>message</c>: a new incoming message of any kind.</summary>
    public Message? Message { get; set; }
}
