using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

namespace TelegramAI.ServiceDefaults.Health;

/// <summary>
/// Plain "Healthy"/"Degraded"/"Unhealthy" for probes and people; every check's status and
/// description as JSON when the caller accepts application/json.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (!AcceptsJson(context.Request))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(report.Status.ToString());
        }

        var detail = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                    durationMs = entry.Value.Duration.TotalMilliseconds,
                }),
        };
        return context.Response.WriteAsJsonAsync(detail, JsonSerializerOptions.Web, context.RequestAborted);
    }

    private static bool AcceptsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accepted => accepted.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
