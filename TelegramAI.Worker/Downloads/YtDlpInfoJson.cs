using System.Text.Json;

namespace TelegramAI.Worker.Downloads;

/// <summary>Reads the fields the Worker needs from yt-dlp's info JSON (<c>-J</c> and <c>%()j</c>).</summary>
internal static class YtDlpInfoJson
{
    /// <summary>The video described, or for a playlist or search its first entry; null when it has none.</summary>
    public static JsonElement? FirstVideo(JsonElement root)
    {
        if (Text(root, "_type") is not "playlist")
            return root;

        return root.TryGetProperty("entries", out var entries) && entries.ValueKind == JsonValueKind.Array
            ? entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Cast<JsonElement?>().FirstOrDefault()
            : null;
    }

    public static VideoInfo ToVideoInfo(JsonElement video)
    {
        var extractor = Text(video, "extractor_key") ?? Text(video, "extractor") ?? VideoIdentity.GenericExtractor;
        var id = Text(video, "id") ?? throw new JsonException("yt-dlp's info has no id.");
        var sourceUrl = Text(video, "webpage_url") ?? Text(video, "original_url") ?? Text(video, "url")
            ?? throw new JsonException("yt-dlp's info has no webpage_url.");
        var duration = Number(video, "duration");
        var liveStatus = Text(video, "live_status");

        return new VideoInfo(
            VideoIdentity.From(extractor, id, sourceUrl),
            extractor,
            id,
            Text(video, "title") ?? id,
            duration is > 0 ? TimeSpan.FromSeconds(duration.Value) : null,
            sourceUrl,
            SelectedSize(video),
            video.TryGetProperty("direct", out var direct) && direct.ValueKind == JsonValueKind.True,
            (video.TryGetProperty("is_live", out var isLive) && isLive.ValueKind == JsonValueKind.True)
                || liveStatus is "is_live" or "is_upcoming",
            OneFileExtension(video));
    }

    /// <summary>Where the downloaded file ended up, in the info printed after it was moved into place.</summary>
    public static string? FilePath(JsonElement video) => Text(video, "filepath");

    /// <summary>The chosen format's extension unless it is a merge; only a plain one, as it becomes part of a file name.</summary>
    private static string? OneFileExtension(JsonElement video) =>
        video.TryGetProperty("requested_formats", out var parts) && parts.ValueKind == JsonValueKind.Array
            ? null
            : Text(video, "ext") is { Length: > 0 and <= 10 } ext && ext.All(char.IsAsciiLetterOrDigit) ? ext : null;

    /// <summary>The size of the format(s) chosen: the sum of both halves of a merge, or of the single one.</summary>
    private static long? SelectedSize(JsonElement video)
    {
        if (!video.TryGetProperty("requested_formats", out var parts) || parts.ValueKind != JsonValueKind.Array)
            return Size(video);

        long total = 0;
        foreach (var part in parts.EnumerateArray())
        {
            if (Size(part) is not { } size)
                return null;
            total += size;
        }

        return total;
    }

    private static long? Size(JsonElement format) =>
        (Number(format, "filesize") ?? Number(format, "filesize_approx")) is { } size and > 0 ? (long)size : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
