using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class OtlpExportTests
{
    private const string Token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private const string Signature = "f00dfeedf00dfeedf00dfeed";

    [Fact]
    public async Task Request_spans_reach_an_otlp_collector_without_secrets_and_without_health_probes()
    {
        var serviceName = $"telegramai-test-{Guid.NewGuid():N}";
        var exports = new ConcurrentQueue<byte[]>();
        var spanArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var collector = await LocalHttpServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            // OTLP/HTTP protobuf carries strings as UTF-8, so names are findable as bytes.
            var export = body.ToArray();
            if (context.Request.Path == "/v1/traces" && Contains(export, serviceName))
            {
                exports.Enqueue(export);
                var all = exports.SelectMany(part => part).ToArray();
                if (Contains(all, "GET /videos/{id}") && Contains(all, "/getMe"))
                    spanArrived.TrySetResult();
            }

            context.Response.ContentType = "application/x-protobuf";
        });

        var builder = WebApplication.CreateBuilder([
            "--urls=http://127.0.0.1:0",
            $"--OTEL_SERVICE_NAME={serviceName}",
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.BaseAddress}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=100",
        ]);
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/videos/{id}", (string id) => id);
        app.MapPost($"/bot{{token}}/getMe", () => "{\"ok\":true}");
        await app.StartAsync(TestContext.Current.CancellationToken);

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var cancellation = TestContext.Current.CancellationToken;
        await client.GetStringAsync("/alive", cancellation);
        await client.GetStringAsync($"/videos/a.mp4?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature={Signature}", cancellation);
        using var botCall = await client.PostAsync($"/bot{Token}/getMe", null, cancellation);

        await spanArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        var all = exports.SelectMany(export => export).ToArray();
        Contains(all, "http.route").ShouldBeTrue();
        Contains(all, "GET /alive").ShouldBeFalse("health probes get no server span");
        Contains(all, Token).ShouldBeFalse("the bot token reached the collector");
        Contains(all, Token.Split(':')[1]).ShouldBeFalse("the token's secret half reached the collector");
        Contains(all, Signature).ShouldBeFalse("a presigned link's signature reached the collector");
    }

    private static bool Contains(byte[] export, string text) => export.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
