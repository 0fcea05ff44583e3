using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// A download that failed. <see cref="Exception.Message"/> is a sentence for the user;
/// <see cref="Diagnostics"/> is the end of the tool's own output, for the logs only.
/// </summary>
public sealed class VideoDownloadException : Exception
{
    private VideoDownloadException(FailureReason reason, bool isPermanent, string message, string diagnostics)
        : base(message)
    {
        Reason = reason;
        IsPermanent = isPermanent;
        Diagnostics = diagnostics;
    }

    /// <summary>Trying again gives the same answer, so the job should fail now.</summary>
    public bool IsPermanent { get; }

    /// <summary>Why, for a permanent failure; <see cref="FailureReason.DownloadFailed"/> for a transient one.</summary>
    public FailureReason Reason { get; }

    public string Diagnostics { get; }

    public static VideoDownloadException Permanent(FailureReason reason, string message, string diagnostics = "") =>
        new(reason, isPermanent: true, message, diagnostics);

    public static VideoDownloadException Transient(string message, string diagnostics = "") =>
        new(FailureReason.DownloadFailed, isPermanent: false, message, diagnostics);

    public override string ToString() =>
        Diagnostics.Length == 0 ? base.ToString() : $"{base.ToString()}{Environment.NewLine}{Diagnostics}";
}
