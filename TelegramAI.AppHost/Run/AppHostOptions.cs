using System.ComponentModel.DataAnnotations;

namespace TelegramAI.AppHost.Run;

/// <summary>How the output is shown.</summary>
public enum ViewMode
{
    /// <summary>The live view when standard output is a terminal, plain lines otherwise.</summary>
    Auto,
    Live,
    Plain,
}

/// <summary>
/// Section <c>AppHost</c>: the local run mode's own settings (<c>AppHost__Workers</c> and so on).
/// The services get the production keys; these only shape the local run.
/// </summary>
public sealed class AppHostOptions : IValidatableObject
{
    public const string Section = "AppHost";

    /// <summary>Workers started at first; the local autoscaler takes over from there.</summary>
    [Range(0, 50)]
    public int Workers { get; set; } = 1;

    [Range(0, 50)]
    public int MinWorkers { get; set; } = 1;

    [Range(1, 50)]
    public int MaxWorkers { get; set; } = 5;

    /// <summary>Jobs waiting per worker that the autoscaler aims at (the template's BacklogPerInstanceTarget).</summary>
    [Range(1, 10_000)]
    public int BacklogPerInstanceTarget { get; set; } = 10;

    /// <summary>How long the metric must call for fewer workers before the pool shrinks.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ScaleInCooldown { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the autoscaler reads the metric back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ScalingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The MetricSender's period locally (its <c>Scaling__Period</c>, published at high resolution).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:05:00")]
    public TimeSpan MetricPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Name of the CloudFormation stack deployed into the emulator.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9-]{0,49}$", ErrorMessage = "must be a stack name: a letter, then letters, digits or dashes, at most 50")]
    public string StackName { get; set; } = "telegramai-local";

    /// <summary>
    /// How long a stopped service may take to finish after SIGTERM before it is killed. Longer than a
    /// worker's own grace for its job (<c>Worker__ShutdownGrace</c>, 30 s) plus the release of the job's
    /// message, so a scaled-in worker always hands its job back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a service may take to answer /health after it starts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait before restarting a crashed service; it doubles on each crash, up to 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    public ViewMode View { get; set; } = ViewMode.Auto;

    /// <summary>
    /// Lets another process drive the local Telegram stand-in over loopback HTTP (the end-to-end test does).
    /// </summary>
    public bool TelegramTestHooks { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinWorkers > MaxWorkers)
        {
            yield return new ValidationResult($"must not be more than AppHost__MaxWorkers ({MaxWorkers})", [nameof(MinWorkers)]);
        }

        if (Workers < MinWorkers || Workers > MaxWorkers)
        {
            yield return new ValidationResult($"must be between AppHost__MinWorkers ({MinWorkers}) and AppHost__MaxWorkers ({MaxWorkers})", [nameof(Workers)]);
        }
    }
}
