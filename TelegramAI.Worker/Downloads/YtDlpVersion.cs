using System.Globalization;
using System.Reflection;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// A yt-dlp version: its release date, <c>YYYY.MM.DD</c>, with an optional <c>.N</c> for a second release
/// on one day (or a nightly build's time), as <c>yt-dlp --version</c> prints it.
/// </summary>
public sealed record YtDlpVersion(DateOnly Released, string Text)
{
    /// <summary>How much older than the pinned version the one that runs may be before the worker warns.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromDays(90);

    /// <summary>
    /// The version the worker image installs, from <c>TelegramAI.Worker/yt-dlp.version</c>, the one place it is
    /// named (the Dockerfile and <c>scripts/prerequisites.sh</c> read the same file); built into the assembly.
    /// </summary>
    public static YtDlpVersion Pinned { get; } = Parse(
        typeof(YtDlpVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PinnedYtDlpVersion").Value)
        ?? throw new InvalidOperationException("TelegramAI.Worker/yt-dlp.version does not hold a yt-dlp version.");

    /// <summary>The version in <paramref name="text"/>, or null when it is not one (the first line of the output counts).</summary>
    public static YtDlpVersion? Parse(string? text)
    {
        var line = text?.Split('\n', 2)[0].Trim() ?? "";
        var parts = line.Split('.');
        if (parts.Length is < 3 or > 4 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            return null;

        return DateOnly.TryParseExact($"{parts[0]}.{parts[1]}.{parts[2]}", "yyyy.MM.dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new YtDlpVersion(date, line)
            : null;
    }

    /// <summary>How much older this release is than <paramref name="other"/>; negative when it is newer.</summary>
    public TimeSpan OlderThan(YtDlpVersion other) => TimeSpan.FromDays(other.Released.DayNumber - Released.DayNumber);

    public override string ToString() => Text;
}
