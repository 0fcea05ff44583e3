using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.ServiceDefaults.Resilience;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class ResilienceHandlerTests
{
    [Fact]
    public async Task A_get_is_retried_after_a_503_and_then_succeeds()
    {
        var answers = new Answers(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status200OK);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var client = CreateClient(server);

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Retrying_gives_up_after_the_limit_with_the_last_answer()
    {
        var answers = new Answers(StatusCodes.Status503ServiceUnavailable);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var client = CreateClient(server, options => options.MaxRetryAttempts = 2);

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        answers.Received.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_429_is_retried()
    {
        var answers = new Answers(StatusCodes.Status429TooManyRequests, StatusCodes.Status200OK);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var client = CreateClient(server);

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_post_is_not_retried()
    {
        var answers = new Answers(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status200OK);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var client = CreateClient(server);

        using var response = await client.PostAsync("/", new StringContent("send once"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        answers.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_put_from_a_read_once_stream_sends_the_same_body_again()
    {
        var answers = new Answers(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status200OK);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var client = CreateClient(server);
        using var body = new ReadOnceStream("the whole body"u8.ToArray());

        using var response = await client.PutAsync("/", new StreamContent(body), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.Received.ShouldBe(["the whole body", "the whole body"]);
    }

    [Fact]
    public void Retry_after_is_the_servers_delay_or_the_time_until_its_date()
    {
        var now = DateTimeOffset.Parse("2026-11-22T10:00:00Z");
        using var withDelta = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        withDelta.Headers.RetryAfter = new(TimeSpan.FromSeconds(7));
        using var withDate = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        withDate.Headers.RetryAfter = new(now.AddSeconds(20));
        using var without = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        StandardResiliencePipeline.RetryAfter(withDelta, now).ShouldBe(TimeSpan.FromSeconds(7));
        StandardResiliencePipeline.RetryAfter(withDate, now).ShouldBe(TimeSpan.FromSeconds(20));
        StandardResiliencePipeline.RetryAfter(without, now).ShouldBeNull();
    }

    private static HttpClient CreateClient(LocalHttpServer server, Action<StandardResilienceOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("dependency", client => client.BaseAddress = server.BaseAddress)
            .AddStandardResilienceHandler(options =>
            {
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                configure?.Invoke(options);
            });
        // The factory keeps handlers alive on its own; the provider only hands out the client.
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("dependency");
    }

    /// <summary>Answers requests with the given status codes in turn, the last one from then on; records each body.</summary>
    private sealed class Answers(params int[] statusCodes)
    {
        private int next;

        public List<string> Received { get; } = [];

        public async Task AnswerAsync(HttpContext context)
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            int statusCode;
            lock (Received)
            {
                Received.Add(body);
                statusCode = statusCodes[Math.Min(next++, statusCodes.Length - 1)];
            }

            context.Response.StatusCode = statusCode;
            if (statusCode == StatusCodes.Status429TooManyRequests)
                context.Response.Headers.RetryAfter = "0";
        }
    }

    /// <summary>A request body that, like a network stream, cannot be rewound.</summary>
    private sealed class ReadOnceStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
