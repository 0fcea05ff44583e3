using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TelegramAI.ServiceDefaults.Health;
using TelegramAI.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every TelegramAI service shares, in the shape of .NET Aspire's ServiceDefaults template:
/// telemetry (OpenTelemetry), structured logs, health checks, service discovery for HttpClients, and a
/// loopback-only HTTP endpoint. Call <see cref="AddServiceDefaults"/> first thing in Program.cs and
/// <see cref="MapDefaultEndpoints"/> after Build.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>
    /// The port Kestrel listens on, on 127.0.0.1, when neither <c>urls</c> (<c>ASPNETCORE_URLS</c>) nor
    /// <c>http_ports</c> (<c>HTTP_PORTS</c>) is configured and the service names none of its own. Each
    /// service passes its own (<see cref="TelegramAI.Contracts.Configuration.DefaultHealthPorts"/>), so
    /// services started as bare processes on one host do not collide; the AppHost passes
    /// <c>ASPNETCORE_URLS</c> to each, and a container's <c>HTTP_PORTS</c> stays on its own network.
    /// Loopback only: nothing here is meant to be reachable from the network.
    /// </summary>
    public const int DefaultPort = 8080;

    /// <summary>Every ActivitySource and Meter of our own code is named under this prefix.</summary>
    public const string TelemetryPrefix = "TelegramAI.*";

    /// <param name="defaultPort">Where <c>/health</c> and <c>/alive</c> listen on 127.0.0.1 unless configured otherwise.</param>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, int defaultPort = DefaultPort)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureStructuredLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.BindToLoopbackByDefault(defaultPort);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Unlike Aspire's template, no resilience handler for every HttpClient: the only ones
            // here are Telegram's, whose calls are all POSTs that must not be repeated blindly (a
            // message sent twice) and whose getUpdates long-polls past any sensible attempt timeout,
            // and our AWS clients, which retry with AWS's own rules. A client whose requests are safe
            // to repeat opts in with Microsoft.Extensions.Http.Resilience's AddStandardResilienceHandler().
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// JSON console logs (one object a line, with scopes) so that CloudWatch and the AppHost can
    /// parse them; the simple formatter in Development or when
    /// <c>Logging__Console__FormatterName</c> asks for it.
    /// </summary>
    public static TBuilder ConfigureStructuredLogging<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var formatterName = builder.Configuration["Logging:Console:FormatterName"]
            ?? (builder.Environment.IsDevelopment() ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json);

        builder.Logging.AddConsole(console => console.FormatterName = formatterName);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(simple =>
        {
            simple.SingleLine = true;
            simple.TimestampFormat = "HH:mm:ss ";
        });

        // Configured, not added: AddJsonConsole would also make JSON the formatter whatever was asked.
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        // Request URLs can carry secrets: the Telegram Bot API puts the bot token in the path
        // (https://api.telegram.org/bot<token>/sendMessage) and a webhook may be served under a
        // secret path. HttpClientFactory logs every request URI at Information (it redacts only
        // the query string), and ASP.NET Core logs "Request starting ... <url>" at Information.
        // The Telegram client removes its HttpClientFactory loggers itself; these defaults are the
        // second line of defence for any other client. Traces keep the data, redacted by
        // SecretRedactionProcessor. An explicit Logging__LogLevel__<category> still wins.
        string[] categoriesLoggingUrls = ["System.Net.Http.HttpClient", "Microsoft.AspNetCore.Hosting.Diagnostics"];
        foreach (var category in categoriesLoggingUrls)
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, LogLevel.Warning);
        }

        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry (ASP.NET Core, HttpClient and runtime
    /// instrumentation, plus every <c>TelegramAI.*</c> source and meter), exported over OTLP only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The other standard <c>OTEL_*</c> settings (protocol,
    /// headers, batch delays, resource attributes) are read from configuration. Secrets are removed from
    /// spans before any exporter sees them (<see cref="SecretRedactionProcessor"/>).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryPrefix))
            .WithTracing(tracing => tracing
                .AddSource(TelemetryPrefix)
                // Probes every second from the AppHost and load balancers would bury the real requests.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthEndpointPath) && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation()
                // Added before the exporter, so that it sees every span first.
                .AddProcessor(new SecretRedactionProcessor()));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // "self" says the process answers; dependency checks that services add without the
        // "live" tag make /health (readiness) fail but leave /alive (liveness) alone, so a
        // supervisor does not restart a healthy process because a queue is unreachable.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check must pass) and <c>/alive</c> (only checks tagged
    /// "live"). Both answer with the status as plain text, or with every check's detail when the
    /// request accepts <c>application/json</c>. They are safe to map in every environment because
    /// Kestrel listens on loopback only.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });

        return app;
    }

    private static void BindToLoopbackByDefault<TBuilder>(this TBuilder builder, int defaultPort)
        where TBuilder : IHostApplicationBuilder
    {
        if (builder is not WebApplicationBuilder web || !string.IsNullOrWhiteSpace(web.Configuration[WebHostDefaults.ServerUrlsKey]))
            return;

        // HTTP_PORTS alone would make Kestrel listen on every interface; keep its ports but
        // bind them to loopback. The health probe of the containers finds the service the same way.
        var urls = string.Join(';', HealthProbe.LoopbackUrls(web.Configuration, defaultPort));

        web.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        web.WebHost.UseUrls(urls);
    }
}
