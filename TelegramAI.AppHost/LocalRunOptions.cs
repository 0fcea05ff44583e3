using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TelegramAI.AppHost.Aws;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.AppHost;

/// <summary>
/// Section <c>AppHost</c>: the local run's own settings (<c>AppHost__MaxWorkers</c> and so on). The services
/// get the production keys; these only shape the local run.
/// </summary>
public sealed class LocalRunOptions : IValidatableObject
{
    public const string Section = "AppHost";

    /// <summary>Workers started at first; the local autoscaler takes over from there.</summary>
    [Range(0, 20)]
    public int Workers { get; set; } = 1;

    [Range(0, 20)]
    public int MinWorkers { get; set; } = 1;

    /// <summary>Worker resources declared: each is a project resource of its own, started and stopped at run time.</summary>
    [Range(1, 20)]
    public int MaxWorkers { get; set; } = 5;

    /// <summary>Jobs waiting per worker that the autoscaler aims at (the template's BacklogPerInstanceTarget).</summary>
    [Range(1, 10_000)]
    public int BacklogPerInstanceTarget { get; set; } = 7;

    /// <summary>How long the metric must call for fewer workers before the pool shrinks (plain target tracking: 15 minutes; the template's step policies: one minute, busy workers being protected).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ScaleInCooldown { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the autoscaler reads the metric back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ScalingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The MetricSender's period locally (its <c>Scaling__Period</c>, published at high resolution).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:05:00")]
    public TimeSpan MetricPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A local worker's <c>Worker__ShutdownGrace</c>. DCP kills a stopping process about 9 to 12 s after its
    /// SIGTERM, so a worker stopped by scale-in or Ctrl-C must hand its job back well within that; production
    /// keeps its own 30 s grace and the containers' stop timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:06")]
    public TimeSpan WorkerShutdownGrace { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Name of the CloudFormation stack deployed into the emulator.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9-]{0,49}$", ErrorMessage = "must be a stack name: a letter, then letters, digits or dashes, at most 50")]
    public string StackName { get; set; } = "telegramai-local";

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

    /// <summary>
    /// Reads and checks the section. On a wrong setting it writes the one line naming the key to standard
    /// error and returns false, so the AppHost stops before it starts anything.
    /// </summary>
    public static bool TryRead(IConfiguration configuration, out LocalRunOptions options)
    {
        options = new LocalRunOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException e) when (ConfigurationFailure.Describe(e) is { } line)
        {
            Console.Error.WriteLine(line);
            return false;
        }

        if (configuration[AwsEmulatorExtensions.EndpointKey] is { Length: > 0 } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            Console.Error.WriteLine($"{AwsEmulatorExtensions.EndpointKey}: must be an absolute http or https URL");
            return false;
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return true;
        }

        var first = results[0];
        Console.Error.WriteLine($"{ConfigurationKey.ToEnvironmentVariable(Section, first.MemberNames.FirstOrDefault())}: {first.ErrorMessage}");
        return false;
    }
}
