using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using TelegramAI.ServiceDefaults.Telemetry;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class SecretRedactionTests
{
    private const string Token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    [Theory]
    [InlineData($"https://api.telegram.org/bot{Token}/sendMessage", "https://api.telegram.org/botREDACTED/sendMessage")]
    [InlineData($"https://api.telegram.org/file/bot{Token}/videos/file_1.mp4", "https://api.telegram.org/file/botREDACTED/videos/file_1.mp4")]
    [InlineData($"token {Token} in a message", "token REDACTED in a message")]
    [InlineData("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs")]
    public void Bot_tokens_are_replaced(string text, string expected) =>
        SecretRedactor.Redact(text).ShouldBe(expected);

    [Fact]
    public async Task The_url_of_an_http_client_span_loses_the_token_before_export()
    {
        await using var server = await LocalHttpServer.StartAsync(_ => Task.CompletedTask);
        var exported = new ExportedSpans(server.BaseAddress.Port);
        using (Sdk.CreateTracerProviderBuilder()
            .AddSource("System.Net.Http")
            .AddProcessor(new SecretRedactionProcessor())
            .AddProcessor(exported)
            .Build())
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            using var response = await client.GetAsync($"/bot{Token}/getMe", TestContext.Current.CancellationToken);
        }

        var span = exported.Spans.ShouldHaveSingleItem();
        span.GetTagItem("url.full").ShouldBe($"{server.BaseAddress}botREDACTED/getMe");
        span.TagObjects.Where(tag => tag.Value is string text && text.Contains(Token)).ShouldBeEmpty();
        span.DisplayName.ShouldNotContain(Token);
    }

    /// <summary>Stands in for an exporter: keeps the spans of requests to one port (other tests run at once).</summary>
    private sealed class ExportedSpans(int port) : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Spans { get; } = [];

        public override void OnEnd(Activity data)
        {
            if (data.GetTagItem("server.port") is int spanPort && spanPort == port)
                Spans.Enqueue(data);
        }
    }
}
