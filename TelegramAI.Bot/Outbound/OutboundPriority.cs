namespace TelegramAI.Bot.Outbound;

/// <summary>
/// Which of the bot's messages goes first when Telegram's limits make it choose: what ends a job before what starts
/// one, and what starts one before news of one in progress.
/// </summary>
public enum OutboundPriority
{
    /// <summary>A job's final word: the edit or message with the link or the reason, and the video.</summary>
    Final = 0,

    /// <summary>Answers to a user's message: status replies, help, refusals.</summary>
    Reply = 1,

    /// <summary>Progress edits: merged (one pending per message) and dropped when stale.</summary>
    Progress = 2,
}
