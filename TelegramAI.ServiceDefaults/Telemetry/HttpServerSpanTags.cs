using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace TelegramAI.ServiceDefaults.Telemetry;

/// <summary>
/// ASP.NET Core's own request span is named "Microsoft.AspNetCore.Hosting.HttpRequestIn" and has
/// no tags; the instrumentation package we do not have would name it "GET /route" and add the
/// HTTP semantic-convention tags. This middleware, first in the pipeline, does that much.
/// </summary>
internal sealed class HttpServerSpanTags : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                Tag(context);
            }
        });
        next(app);
    };

    private static void Tag(HttpContext context)
    {
        var span = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (span is not { IsAllDataRequested: true })
            return;

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        span.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
        span.SetTag("http.request.method", context.Request.Method);
        span.SetTag("http.route", route);
        span.SetTag("url.scheme", context.Request.Scheme);
        span.SetTag("url.path", context.Request.Path.Value);
        span.SetTag("http.response.status_code", context.Response.StatusCode);
    }
}
