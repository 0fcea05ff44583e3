using TelegramAI.MetricSender.Measuring;

namespace TelegramAI.MetricSender.Publishing;

/// <summary>What one period achieved.</summary>
/// <param name="Measured">The targets measured, in configuration order.</param>
/// <param name="Skipped">The groups of the targets that publish nothing this period (missing, failing or out of time).</param>
/// <param name="Published">Whether PutMetricData took the measured targets' datums.</param>
public sealed record CycleResult(IReadOnlyList<TargetMeasurement> Measured, IReadOnlyList<string> Skipped, bool Published)
{
    /// <summary>Every target measured and published.</summary>
    public bool Complete => Published && Skipped.Count == 0;
}
