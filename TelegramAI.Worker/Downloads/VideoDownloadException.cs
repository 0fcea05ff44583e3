using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// A download that failed. <see cref="Exception.Message"/> is a sentence for the user;
/// <see cref="Diagnostics"/> is the end of the tool's own output, for the logs only.
/// </summary>
public sealed class VideoDownloadException : Exception
{
    /// <summary>Attempts a job gets at a site's bot check: one more, on the chance that another worker's address passes.</summary>
    public const int BotCheckAttempts = 2;

    private VideoDownloadException(FailureReason reason, int? maxAttempts, string message, string diagnostics)
        : base(message)
    {
        Reason = reason;
        MaxAttempts = maxAttempts;
        Diagnostics = diagnostics;
    }

    /// <summary>
    /// How many attempts of the job this failure deserves in all: 1 when trying again gives the same answer,
    /// null when it may pass (as many as the queue allows).
    /// </summary>
    public int? MaxAttempts { get; }

    /// <summary>Trying again gives the same answer, so the job should fail now.</summary>
    public bool IsPermanent => MaxAttempts == 1;

    /// <summary>Why, in the terms the user is told; <see cref="FailureReason.DownloadFailed"/> for a failure that may pass.</summary>
    public FailureReason Reason { get; }

    public string Diagnostics { get; }

    public static VideoDownloadException Permanent(FailureReason reason, string message, string diagnostics = "") =>
        new(reason, maxAttempts: 1, message, diagnostics);

    public static VideoDownloadException Transient(string message, string diagnostics = "") =>
        new(FailureReason.DownloadFailed, maxAttempts: null, message, diagnostics);

    /// <summary>The site took the server for a bot: tried once more, then the job fails with <see cref="FailureReason.BotCheck"/>.</summary>
    public static VideoDownloadException RefusedByBotCheck(string message, string diagnostics = "") =>
        new(FailureReason.BotCheck, BotCheckAttempts, message, diagnostics);

    public override string ToString() =>
        Diagnostics.Length == 0 ? base.ToString() : $"{base.ToString()}{Environment.NewLine}{Diagnostics}";
}
