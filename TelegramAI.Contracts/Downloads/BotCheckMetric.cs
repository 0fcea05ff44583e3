namespace TelegramAI.Contracts.Downloads;

/// <summary>
/// The one definition of the bot-check metric: workers publish one datum (value 1, unit Count) each
/// time a site refuses them with its bot check, and the production template's alarm reads it, so the
/// two cannot disagree. The worker's role may publish to <see cref="Namespace"/> only.
/// </summary>
public static class BotCheckMetric
{
    public const string Namespace = "TelegramAI/Downloads";
    public const string MetricName = "BotCheckRefusals";

    /// <summary>The jobs queue's name: it sets one stack's workers apart from another's in the same account and region.</summary>
    public const string DimensionName = "QueueName";

    public const string Unit = "Count";
}
