using System.Globalization;

namespace TelegramAI.Worker.Downloads;

/// <summary>The progress lines yt-dlp is asked to print, and how to read them back.</summary>
internal static class YtDlpProgress
{
    private const string Marker = "[telegramai-progress]";

    /// <summary>
    /// For <c>--progress-template</c>: one line per update, space-separated, "NA" for what is unknown.
    /// The marker keeps them apart from yt-dlp's other output.
    /// </summary>
    public const string Template =
        "download:" + Marker +
        " %(progress.status)s %(progress.downloaded_bytes)s %(progress.total_bytes)s" +
        " %(progress.total_bytes_estimate)s %(progress.speed)s %(progress.eta)s";

    public static bool TryParse(string line, out DownloadProgress progress)
    {
        progress = null!;
        if (!line.StartsWith(Marker, StringComparison.Ordinal))
            return false;

        var fields = line[Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6 || fields[0] is not ("downloading" or "finished"))
            return false;

        var finished = fields[0] == "finished";
        var downloaded = Number(fields[1]);
        if (downloaded is null)
            return false;

        var total = Number(fields[2]) ?? Number(fields[3]);
        double? percent = finished ? 100
            : total > 0 ? Math.Min(100, downloaded.Value * 100 / total.Value)
            : null;
        var eta = Number(fields[5]);

        progress = new DownloadProgress(
            percent,
            (long)downloaded.Value,
            total is null ? null : (long)total.Value,
            Number(fields[4]),
            finished ? TimeSpan.Zero : eta is null ? null : TimeSpan.FromSeconds(eta.Value));
        return true;
    }

    private static double? Number(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : null;
}
