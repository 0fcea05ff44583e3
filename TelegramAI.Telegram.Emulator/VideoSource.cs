namespace TelegramAI.Telegram.Emulator;

/// <summary>How the bot gave a video to sendVideo (https://core.telegram.org/bots/api#sending-files).</summary>
public enum VideoSource
{
    /// <summary>Uploaded as a multipart/form-data part; <see cref="SentVideo.Content"/> holds the bytes.</summary>
    Upload,

    /// <summary>A URL for Telegram to fetch; the stand-in records it without fetching.</summary>
    Url,

    /// <summary>The file id of a video sent before.</summary>
    FileId,
}
