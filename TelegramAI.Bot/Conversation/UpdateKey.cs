using System.Globalization;
using Telegram.Bot.Types;

namespace TelegramAI.Bot.Conversation;

/// <summary>
/// An update's identity from what Telegram never reuses: the chat, the message id and, for an edit, when it was
/// edited. Update ids are no identity: Telegram numbers updates afresh after a week without any, and a local Bot
/// API server at each start, so a new update can carry an old one's id.
/// </summary>
public static class UpdateKey
{
    /// <returns>Null for the kinds of update the bot keeps no record of (channel posts, and those it does not serve).</returns>
    public static string? Of(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update switch
        {
            { Message: { } message } => Invariant($"message/{message.Chat.Id}/{message.Id}"),
            { EditedMessage: { } edited } => Invariant($"edit/{edited.Chat.Id}/{edited.Id}/{Seconds(edited.EditDate ?? edited.Date)}"),
            { MyChatMember: { } member } => Invariant($"member/{member.Chat.Id}/{Seconds(member.Date)}/{member.NewChatMember.Status}"),
            _ => null,
        };
    }

    private static long Seconds(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
