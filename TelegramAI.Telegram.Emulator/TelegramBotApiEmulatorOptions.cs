namespace TelegramAI.Telegram.Emulator;

/// <summary>How a stand-in starts.</summary>
public sealed record TelegramBotApiEmulatorOptions
{
    /// <summary>The only token the stand-in accepts.</summary>
    public string BotToken { get; init; } = TelegramBotApiEmulator.DefaultBotToken;

    /// <summary>The port on 127.0.0.1 to listen on; 0 (the default) for a free one.</summary>
    public int Port { get; init; }

    /// <summary>Also answer the HTTP test hooks under <c>/_emulator/</c> (see TelegramBotApiEmulator.TestHooks.cs).</summary>
    public bool EnableTestHooks { get; init; }

    /// <summary>The flood limits to enforce: Telegram's by default, as a bot meets them; null turns them off.</summary>
    public FloodLimits? FloodLimits { get; init; } = FloodLimits.Telegram;
}
