using System.ComponentModel.DataAnnotations;

namespace TelegramAI.Worker.Downloads;

/// <summary>Keys <c>Downloads__YtDlpPath</c>, <c>Downloads__MaxDuration</c> and the like.</summary>
public sealed class DownloadsOptions
{
    public const string Section = "Downloads";

    [Required]
    public string YtDlpPath { get; set; } = "yt-dlp";

    /// <summary>Reads the duration of direct media links, which yt-dlp does not report.</summary>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(2);

    [Range(1L, long.MaxValue)]
    public long MaxFileSize { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Whether links to loopback and private networks are allowed; enforced where requests are accepted.</summary>
    public bool AllowPrivateHosts { get; set; }
}
