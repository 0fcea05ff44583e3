using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Scaling;
using TelegramAI.MetricSender;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.Tests.MetricSender;

public sealed class ScalingOptionsTests
{
    // The AWS settings are checked at start too; these keep them out of the way.
    private static readonly Dictionary<string, string?> Aws = new()
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
    };

    private static readonly Dictionary<string, string?> OneTarget = new()
    {
        ["Scaling:Targets:0:Queue"] = "jobs",
        ["Scaling:Targets:0:AutoScalingGroup"] = "workers",
    };

    /// <summary>The options as the service binds and validates them at start; the one line it would print, if any.</summary>
    private static (ScalingOptions? Options, string? Failure) Start(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Aws);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMetricSender();
        using var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            return (host.Services.GetRequiredService<IOptions<ScalingOptions>>().Value, null);
        }
        catch (Exception e) when (ConfigurationFailure.Describe(e) is { } line)
        {
            return (null, line);
        }
    }

    private static Dictionary<string, string?> With(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(OneTarget);
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public void One_target_gets_the_production_names_and_a_30_second_period_by_default()
    {
        var (options, failure) = Start(OneTarget);

        failure.ShouldBeNull();
        options!.Namespace.ShouldBe(ScalingMetric.DefaultNamespace);
        options.MetricName.ShouldBe(ScalingMetric.DefaultMetricName);
        options.Period.ShouldBe(TimeSpan.FromSeconds(30));
        options.HighResolution.ShouldBeFalse();
        var target = options.Targets.ShouldHaveSingleItem();
        (target.Queue, target.AutoScalingGroup, target.CountInFlight, target.Capacity).ShouldBe(("jobs", "workers", false, CapacitySource.Desired));
    }

    [Fact]
    public void Every_key_binds_from_its_environment_form()
    {
        var (options, failure) = Start(With(
            ("Scaling:Targets:1:Queue", "https://sqs.us-east-1.amazonaws.com/123456789012/detections"),
            ("Scaling:Targets:1:AutoScalingGroup", "yolo5"),
            ("Scaling:Targets:1:CountInFlight", "true"),
            ("Scaling:Targets:1:Capacity", "InService"),
            ("Scaling:Namespace", "Custom"),
            ("Scaling:MetricName", "Backlog"),
            ("Scaling:Period", "00:00:10"),
            ("Scaling:HighResolution", "true")));

        failure.ShouldBeNull();
        options!.Targets.Count.ShouldBe(2);
        (options.Targets[1].AutoScalingGroup, options.Targets[1].CountInFlight, options.Targets[1].Capacity).ShouldBe(("yolo5", true, CapacitySource.InService));
        (options.Namespace, options.MetricName, options.Period, options.HighResolution).ShouldBe(("Custom", "Backlog", TimeSpan.FromSeconds(10), true));
    }

    [Fact]
    public void A_missing_AWS_region_is_found_at_start_too() =>
        Start(With(("AWS_REGION", ""))).Failure.ShouldBe("AWS_REGION: is not set; set it to the AWS region, for example us-east-1.");

    [Fact]
    public void No_target_at_all_names_the_keys_to_set() =>
        Start([]).Failure.ShouldBe("Scaling__Targets: at least one target is required; set Scaling__Targets__0__Queue and Scaling__Targets__0__AutoScalingGroup.");

    [Fact]
    public void A_target_without_a_queue_names_its_key() =>
        Start(With(("Scaling:Targets:1:AutoScalingGroup", "yolo5"))).Failure
            .ShouldBe("Scaling__Targets__1__Queue: is required; give the jobs queue's URL or name.");

    [Fact]
    public void A_target_without_a_group_names_its_key() =>
        Start(With(("Scaling:Targets:0:AutoScalingGroup", ""))).Failure
            .ShouldBe("Scaling__Targets__0__AutoScalingGroup: is required; give the name of the Auto Scaling group that consumes the queue.");

    [Fact]
    public void The_same_group_twice_is_refused() =>
        Start(With(("Scaling:Targets:1:Queue", "other"), ("Scaling:Targets:1:AutoScalingGroup", "workers"))).Failure
            .ShouldBe("Scaling__Targets__1__AutoScalingGroup: 'workers' is already the group of Scaling__Targets__0__AutoScalingGroup; a group can have one metric only.");

    [Theory]
    [InlineData("00:00:09")]
    [InlineData("00:05:01")]
    public void A_period_outside_10_seconds_to_5_minutes_is_refused(string period) =>
        Start(With(("Scaling:Period", period))).Failure.ShouldBe("Scaling__Period: The field Period must be between 00:00:10 and 00:05:00.");

    [Fact]
    public void An_AWS_namespace_is_refused() =>
        Start(With(("Scaling:Namespace", "AWS/SQS"))).Failure.ShouldBe("Scaling__Namespace: 'AWS/' namespaces are reserved for AWS.");

    [Fact]
    public void An_empty_metric_name_is_refused() =>
        Start(With(("Scaling:MetricName", ""))).Failure.ShouldBe("Scaling__MetricName: The MetricName field is required.");
}
