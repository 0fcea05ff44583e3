namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>The values of <c>ChatMember.status</c>, as the Bot API spells them.</summary>
public static class ChatMemberStatuses
{
    public const string Creator = "creator";
    public const string Administrator = "administrator";
    public const string Member = "member";
    public const string Restricted = "restricted";
    public const string Left = "left";

    /// <summary>Banned from a group, or, in a private chat, the user blocked the bot.</summary>
    public const string Kicked = "kicked";
}
