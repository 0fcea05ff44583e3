using System.Text.Json.Serialization;

namespace TelegramAI.Telegram.Types;

/// <summary>How Telegram parses entities out of a text. <see cref="None"/> sends plain text.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParseMode>))]
public enum ParseMode
{
    None,
    [JsonStringEnumMemberName("Markdown")] Markdown,
    [JsonStringEnumMemberName("HTML")] Html,
    [JsonStringEnumMemberName("MarkdownV2")] MarkdownV2,
}

/// <summary>The message a new message answers (https://core.telegram.org/bots/api#replyparameters).</summary>
public sealed class ReplyParameters
{
    public int MessageId { get; set; }

    /// <summary>Only when the replied-to message is in another chat.</summary>
    public long? ChatId { get; set; }

    /// <summary>Send anyway when the replied-to message was deleted, instead of failing.</summary>
    public bool AllowSendingWithoutReply { get; set; }

    public static implicit operator ReplyParameters(int messageId) => new() { MessageId = messageId };
}

/// <summary>https://core.telegram.org/bots/api#linkpreviewoptions</summary>
public sealed class LinkPreviewOptions
{
    public bool IsDisabled { get; set; }

    public string? Url { get; set; }

    public bool PreferSmallMedia { get; set; }

    public bool PreferLargeMedia { get; set; }

    public bool ShowAboveText { get; set; }

    public static implicit operator LinkPreviewOptions(bool isDisabled) => new() { IsDisabled = isDisabled };
}

/// <summary>A file to send: uploaded from a stream, fetched by Telegram from a URL, or already on Telegram's servers.</summary>
public abstract class InputFile
{
    private protected InputFile()
    {
    }

    /// <summary>Uploads <paramref name="content"/> as multipart/form-data. The caller keeps ownership of the stream.</summary>
    public static InputFileStream FromStream(Stream content, string? fileName = null) => new(content, fileName);

    /// <summary>Telegram downloads the file itself (at most 20 MB for most kinds).</summary>
    public static InputFileUrl FromUri(string url) => new(new Uri(url, UriKind.Absolute));

    public static InputFileUrl FromUri(Uri url) => new(url);

    /// <summary>Re-sends a file by the <see cref="FileBase.FileId"/> Telegram gave it.</summary>
    public static InputFileId FromFileId(string fileId) => new(fileId);
}

public sealed class InputFileStream(Stream content, string? fileName) : InputFile
{
    public Stream Content { get; } = content;

    public string? FileName { get; } = fileName;
}

public sealed class InputFileUrl(Uri url) : InputFile
{
    public Uri Url { get; } = url;
}

public sealed class InputFileId(string id) : InputFile
{
    public string Id { get; } = id;
}
