namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>The values of <c>Chat.type</c>, as the Bot API spells them.</summary>
public static class ChatTypes
{
    public const string Private = "private";
    public const string Group = "group";
    public const string Supergroup = "supergroup";
    public const string Channel = "channel";
}
