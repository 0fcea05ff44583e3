namespace TelegramAI.Bot.Outbound;

/// <summary>The <see cref="Outgoing.Key"/>s by which waiting messages are found again.</summary>
public static class OutboxKeys
{
    /// <summary>A job's status reply, which its final result calls off if it has not gone yet.</summary>
    public static string Status(Guid jobId) => $"status/{jobId:N}";

    /// <summary>A progress edit of one status message: a newer one replaces it while it waits.</summary>
    public static string Progress(long chatId, int messageId) => $"progress/{chatId}/{messageId}";
}
