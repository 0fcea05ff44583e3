using System.Globalization;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// Reads duration and size from a media file or URL with ffprobe. yt-dlp's generic extractor reports
/// neither for a direct link, and without a duration the length limit could not be applied.
/// </summary>
internal sealed class FfprobeMediaProbe(string ffprobePath)
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    public sealed record Result(TimeSpan? Duration, long? SizeBytes);

    /// <summary>What ffprobe could tell, or null when it could not read <paramref name="input"/> as media.</summary>
    public async Task<Result?> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(TimeLimit);

        string? duration = null, size = null;
        int exitCode;
        try
        {
            exitCode = await ChildProcess.RunAsync(
                ffprobePath,
                [
                    "-v", "error",
                    "-rw_timeout", "15000000", // microseconds, for a URL that stops answering
                    "-show_entries", "format=duration,size",
                    "-of", "default=noprint_wrappers=1",
                    "-i", input,
                ],
                line =>
                {
                    if (line.StartsWith("duration=", StringComparison.Ordinal)) duration = line["duration=".Length..];
                    else if (line.StartsWith("size=", StringComparison.Ordinal)) size = line["size=".Length..];
                },
                _ => { },
                onStarted: null,
                timeLimit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (exitCode != 0)
            return null;

        return new Result(
            double.TryParse(duration, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : null,
            long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? bytes : null);
    }
}
