namespace TelegramAI.Telegram.Emulator.Wire;

/// <summary>A chat (https://core.telegram.org/bots/api#chat).</summary>
public sealed class Chat
{
    /// <summary><c>id</c>: a private chat's id is its user's id; group ids are negative.</summary>
    public long Id { get; set; }

    /// <summary><c>type</c>: one of <see cref="ChatTypes"/>.</summary>
    public string Type { get; set; } = ChatTypes.Private;

    /// <summary><c>title</c>: for groups, supergroups and channels.</summary>
    public string? Title { get; set; }

    public string? Username { get; set; }

    /// <summary><c>first_name</c>: of the other party in a private chat.</summary>
    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary><c>is_forum</c>: a supergroup whose messages are organised in topics.</summary>
    public bool? IsForum { get; set; }
}
