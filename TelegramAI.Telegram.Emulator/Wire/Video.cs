namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A video file (https://core.telegram.org/bots/api#video).</summary>
public sealed class Video
{
    public string FileId { get; set; } = "";

    public string FileUniqueId { get; set; } = "";

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary><c>duration</c>: in seconds, as the sender gave it.</summary>
    public int Duration { get; set; }

    public string? FileName { get; set; }

    public string? MimeType { get; set; }

    /// <summary><c>file_size</c>: in bytes.</summary>
    public long? FileSize { get; set; }
}
