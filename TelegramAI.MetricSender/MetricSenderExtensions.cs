using Microsoft.Extensions.DependencyInjection.Extensions;
using TelegramAI.Aws;
using TelegramAI.Aws.Runtime;
using TelegramAI.MetricSender.Configuration;
using TelegramAI.MetricSender.Health;
using TelegramAI.MetricSender.Measuring;
using TelegramAI.MetricSender.Publishing;
using TelegramAI.MetricSender.Scheduling;
using TelegramAI.MetricSender.Telemetry;

namespace TelegramAI.MetricSender;

public static class MetricSenderExtensions
{
    /// <summary>
    /// Registers the <c>Scaling</c> settings (validated at start), the AWS clients, the cycle that
    /// measures and publishes, the loop that runs it every period, its gauges and its health check.
    /// </summary>
    public static TBuilder AddMetricSender<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddValidatedOptions<ScalingOptions, ScalingOptionsValidator>(ScalingOptions.Section)
            // The AWS settings are read with the options, before the host starts, so a missing or
            // wrong AWS_* setting stops the service with its one line like any other setting.
            .Validate<AwsClientSettings>((_, _) => true);
        builder.Services.AddAwsClients(builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();

        builder.Services.AddSingleton<QueueUrls>();
        builder.Services.AddSingleton<ScalingGauges>();
        builder.Services.AddSingleton<PublishingHealthCheck>();
        builder.Services.AddScoped<TargetProbe>();
        builder.Services.AddScoped<MetricCycle>();
        builder.Services.AddHostedService<MetricSenderService>();

        // Without the "live" tag: a MetricSender that cannot publish fails /health, not /alive.
        builder.Services.AddHealthChecks().AddCheck<PublishingHealthCheck>(PublishingHealthCheck.Name);
        return builder;
    }
}
