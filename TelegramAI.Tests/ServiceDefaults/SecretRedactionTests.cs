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

    [Theory]
    [InlineData(
        "http://127.0.0.1:5000/videos/a.mp4?X-Amz-Expires=86400&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261130%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261130T120000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=0123abcd",
        "http://127.0.0.1:5000/videos/a.mp4?X-Amz-Expires=86400&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=REDACTED&X-Amz-Date=20261130T120000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=REDACTED")]
    [InlineData("?x-amz-security-token=FwoGZXIvYXdzEJr%2F%2F&X-Amz-Signature=ff#part", "?x-amz-security-token=REDACTED&X-Amz-Signature=REDACTED#part")]
    [InlineData("X-Amz-Signature=abc", "X-Amz-Signature=REDACTED")]
    [InlineData("https://bucket.s3.amazonaws.com/videos/a.mp4?X-Amz-Date=20261130T120000Z", "https://bucket.s3.amazonaws.com/videos/a.mp4?X-Amz-Date=20261130T120000Z")]
    public void Presigned_link_signatures_credentials_and_session_tokens_are_replaced(string text, string expected) =>
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

    [Fact]
    public void A_span_whose_url_query_is_not_redacted_by_its_instrumentation_loses_a_presigned_links_signature()
    {
        // As under Aspire, which turns the instrumentation's own query redaction off.
        using var span = new Activity("GET /videos/{id}");
        span.SetTag("url.full", "http://127.0.0.1:5000/videos/a.mp4?X-Amz-Credential=AKIAEXAMPLE%2F20261130&X-Amz-Signature=0123abcd");
        span.SetTag("url.query", "?X-Amz-Credential=AKIAEXAMPLE%2F20261130&X-Amz-Signature=0123abcd");
        span.SetTag("http.response.status_code", 200);

        new SecretRedactionProcessor().OnEnd(span);

        span.GetTagItem("url.full").ShouldBe("http://127.0.0.1:5000/videos/a.mp4?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED");
        span.GetTagItem("url.query").ShouldBe("?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED");
        span.GetTagItem("http.response.status_code").ShouldBe(200);
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
