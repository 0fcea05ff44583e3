using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TelegramAI.Bot;

/// <summary>
/// The bot's spans (one per Telegram update, the parent of its jobs; one per result it reports; one per message it
/// sends) and metrics. ServiceDefaults collects every source and meter named "TelegramAI.*".
/// </summary>
public static class BotTelemetry
{
    public const string Name = "TelegramAI.Bot";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesSent =
        Meter.CreateCounter<long>("telegramai.bot.telegram.sent", "{message}", "Messages, edits and videos Telegram took, by method and priority.");

    public static readonly Counter<long> FloodWaits =
        Meter.CreateCounter<long>("telegramai.bot.telegram.flood_waits", "{answer}", "Calls Telegram answered 429 (Too Many Requests) after the bot's own pacing.");

    public static readonly Counter<long> ProgressDropped =
        Meter.CreateCounter<long>("telegramai.bot.telegram.progress_dropped", "{edit}", "Progress edits replaced by newer ones or dropped as stale while Telegram's limits held them.");

    public static readonly Histogram<double> OutboxWait =
        Meter.CreateHistogram<double>("telegramai.bot.telegram.outbox_wait", "s", "Time a message waited for Telegram's flood limits before it was sent, by priority.");
}

/// <summary>Waits after consecutive failures: <see cref="Configuration.BotOptions.RetryDelay"/> doubling up to the maximum.</summary>
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan first, TimeSpan max) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(failures - 1, 20))));
}
