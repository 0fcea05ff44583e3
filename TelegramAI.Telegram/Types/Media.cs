namespace TelegramAI.Telegram.Types;

/// <summary>Fields every file Telegram stores has.</summary>
public abstract class FileBase
{
    /// <summary>Identifier to download or re-send the file with.</summary>
    public string FileId { get; set; } = "";

    /// <summary>Stable identifier of the file across bots; cannot be used to send it.</summary>
    public string FileUniqueId { get; set; } = "";

    public long? FileSize { get; set; }
}

public sealed class PhotoSize : FileBase
{
    public int Width { get; set; }

    public int Height { get; set; }
}

public sealed class Video : FileBase
{
    public int Width { get; set; }

    public int Height { get; set; }

    public int Duration { get; set; }

    public string? FileName { get; set; }

    public string? MimeType { get; set; }
}

public sealed class Animation : FileBase
{
    public int Width { get; set; }

    public int Height { get; set; }

    public int Duration { get; set; }

    public string? FileName { get; set; }

    public string? MimeType { get; set; }
}

public sealed class VideoNote : FileBase
{
    public int Length { get; set; }

    public int Duration { get; set; }
}

public sealed class Audio : FileBase
{
    public int Duration { get; set; }

    public string? Performer { get; set; }

    public string? Title { get; set; }

    public string? FileName { get; set; }

    public string? MimeType { get; set; }
}

public sealed class Voice : FileBase
{
    public int Duration { get; set; }

    public string? MimeType { get; set; }
}

public sealed class Document : FileBase
{
    public string? FileName { get; set; }

    public string? MimeType { get; set; }
}

public sealed class Sticker : FileBase
{
    /// <summary><c>regular</c>, <c>mask</c> or <c>custom_emoji</c>.</summary>
    public string Type { get; set; } = "regular";

    public int Width { get; set; }

    public int Height { get; set; }

    public bool IsAnimated { get; set; }

    public bool IsVideo { get; set; }

    public string? Emoji { get; set; }
}

public sealed class Location
{
    public double Latitude { get; set; }

    public double Longitude { get; set; }
}

public sealed class Contact
{
    public string PhoneNumber { get; set; } = "";

    public string FirstName { get; set; } = "";

    public string? LastName { get; set; }

    public long? UserId { get; set; }
}
