namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>
/// A member of a chat (https://core.telegram.org/bots/api#chatmember); <c>status</c> tells which of its kinds:
/// one of <see cref="ChatMemberStatuses"/>.
/// </summary>
public sealed class ChatMember
{
    public string Status { get; set; } = ChatMemberStatuses.Member;

    public User User { get; set; } = new();

    /// <summary><c>until_date</c>: for "kicked", when the ban ends in Unix seconds; 0 for ever.</summary>
    public long? UntilDate { get; set; }
}
