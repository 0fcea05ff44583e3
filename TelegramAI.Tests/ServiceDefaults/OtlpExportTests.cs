using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_request_span_reaches_an_otlp_collector()
    {
        var serviceName = $"telegramai-test-{Guid.NewGuid():N}";
        var spanArrived = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var collector = await LocalHttpServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            // OTLP/HTTP protobuf carries strings as UTF-8, so names are findable as bytes.
            var export = body.ToArray();
            if (context.Request.Path == "/v1/traces" && Contains(export, serviceName) && Contains(export, "GET /alive"))
                spanArrived.TrySetResult(export);
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
        await app.StartAsync(TestContext.Current.CancellationToken);

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await client.GetStringAsync("/alive", TestContext.Current.CancellationToken);

        var serverSpan = await spanArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Contains(serverSpan, "http.route").ShouldBeTrue();
    }

    private static bool Contains(byte[] export, string text) => export.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
