using System.ComponentModel.DataAnnotations;

namespace TelegramAI.Worker.Jobs;

/// <summary>Keys <c>Worker__Concurrency</c>, <c>Worker__TempDirectory</c> and the like.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Jobs one instance runs at once. Each is one yt-dlp download and one S3 upload.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 1;

    /// <summary>Where each job gets its own folder. Folders left by a killed worker are removed at start.</summary>
    [Required]
    public string TempDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "telegramai-worker");

    /// <summary>How long running jobs may still finish after SIGTERM before their messages are released.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most one progress result per job this often: the Bot edits a Telegram message with each.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A job still running after this long is taken for hung (yt-dlp or an upload stuck for good): <c>/health</c> turns
    /// unhealthy, and in an Auto Scaling group the instance is replaced. Longer than any download may take.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan HungJobAfter { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How long a job that failed for a passing reason stays hidden before its next attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
