using System.Diagnostics;

namespace TelegramAI.Bot;

/// <summary>The bot's spans: one per Telegram update (the parent of its jobs) and one per result it reports.</summary>
public static class BotTelemetry
{
    // "TelegramAI.*" sources are collected by ServiceDefaults.
    public static readonly ActivitySource Source = new("TelegramAI.Bot");
}

/// <summary>Waits after consecutive failures: <see cref="Configuration.BotOptions.RetryDelay"/> doubling up to the maximum.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(failures - 1, 20))));
}
