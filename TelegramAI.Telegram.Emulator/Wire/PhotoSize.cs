namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>One size of a photo (https://core.telegram.org/bots/api#photosize).</summary>
public sealed class PhotoSize
{
    public string FileId { get; set; } = "";

    /// <summary><c>file_unique_id</c>: the same file for every bot; cannot be used to download or re-send it.</summary>
    public string FileUniqueId { get; set; } = "";

    public int Width { get; set; }

    public int Height { get; set; }

    public long? FileSize { get; set; }
}
