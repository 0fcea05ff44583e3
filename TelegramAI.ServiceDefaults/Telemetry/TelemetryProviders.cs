using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TelegramAI.ServiceDefaults.Telemetry;

internal sealed record TelemetrySettings(string ServiceName, bool ExportOverOtlp);

/// <summary>
/// Builds the tracer and meter providers that OpenTelemetry.Extensions.Hosting would otherwise
/// build. They are created by factories in the host's container so that disposing the host
/// disposes them, which flushes what is still batched.
/// </summary>
internal static class TelemetryProviders
{
    /// <summary>Every ActivitySource whose spans are recorded.</summary>
    public static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "System.Net.Http", "TelegramAI.*"];

    /// <summary>Every Meter whose instruments are collected.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
        "TelegramAI.*",
    ];

    public static IServiceCollection AddTelemetryProviders(this IServiceCollection services, TelemetrySettings settings)
    {
        services.AddSingleton(hostServices =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .ConfigureServices(own => own.UseHostConfiguration(hostServices))
                .ConfigureResource(resource => resource.AddService(settings.ServiceName))
                .AddSource(ActivitySources)
                // Added before the exporter so that it sees every span first.
                .AddProcessor(new SecretRedactionProcessor());
            if (settings.ExportOverOtlp)
                tracing.AddOtlpExporter();
            return tracing.Build();
        });

        services.AddSingleton(hostServices =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(own => own.UseHostConfiguration(hostServices))
                .ConfigureResource(resource => resource.AddService(settings.ServiceName))
                .AddMeter(Meters);
            if (settings.ExportOverOtlp)
                metrics.AddOtlpExporter();
            return metrics.Build();
        });

        // The logger provider lives in the host's container already (ILoggingBuilder.AddOpenTelemetry).
        services.ConfigureOpenTelemetryLoggerProvider(logging =>
        {
            logging.ConfigureResource(resource => resource.AddService(settings.ServiceName));
            if (settings.ExportOverOtlp)
                logging.AddOtlpExporter();
        });

        services.AddHostedService<TelemetryStarter>();
        services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, HttpServerSpanTags>();
        return services;
    }

    // A stand-alone provider reads OTEL_* from environment variables only; give it the host's
    // configuration so that appsettings, command line and test hosts count as well.
    private static void UseHostConfiguration(this IServiceCollection providerServices, IServiceProvider hostServices) =>
        providerServices.AddSingleton(hostServices.GetRequiredService<IConfiguration>());

    /// <summary>
    /// Resolving the providers starts their listeners. Hosted services are all constructed before
    /// the first one starts, so this happens before Kestrel accepts a request.
    /// </summary>
    private sealed class TelemetryStarter(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(tracerProvider);
            GC.KeepAlive(meterProvider);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
