using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace TelegramAI.Tests.ServiceDefaults;

/// <summary>
/// What AddServiceDefaults gives every HttpClient: service discovery, and no resilience handler, so that
/// no client gets retries or timeouts it did not ask for (Telegram's POSTs and long polls must get none,
/// whatever name its client is registered under). A client whose requests are safe to repeat opts in.
/// </summary>
public sealed class HttpClientDefaultsTests
{
    [Theory]
    [InlineData("Telegram")]
    [InlineData("ITelegramBotClient")]
    [InlineData("telegram_bot_client")]
    [InlineData("any-client")]
    public void Every_client_gets_service_discovery_and_no_resilience_handler(string clientName)
    {
        using var host = DefaultsHost();

        var handlers = Chain(host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(clientName)).ToList();

        handlers.ShouldNotContain(handler => handler is ResilienceHandler);
        handlers.ShouldContain(handler => handler.GetType().FullName!.Contains("ServiceDiscovery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_through_a_default_client_is_sent_once_even_when_it_fails()
    {
        var answers = new Answers(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status200OK);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var host = DefaultsHost();
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("telegram_bot_client");

        using var response = await client.PostAsync(server.BaseAddress, new StringContent("send once"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        answers.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_client_that_opts_in_retries_a_get_after_a_503_and_never_a_post()
    {
        var answers = new Answers(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status200OK);
        await using var server = await LocalHttpServer.StartAsync(answers.AnswerAsync);
        using var host = DefaultsHost(services => services.AddHttpClient("dependency").AddStandardResilienceHandler(options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.DisableForUnsafeHttpMethods();
        }));
        using var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("dependency");

        using var get = await client.GetAsync(server.BaseAddress, TestContext.Current.CancellationToken);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.Received.Count.ShouldBe(2);

        var post = new Answers(StatusCodes.Status503ServiceUnavailable, StatusCodes.Status200OK);
        await using var postServer = await LocalHttpServer.StartAsync(post.AnswerAsync);
        using var posted = await client.PostAsync(postServer.BaseAddress, new StringContent("send once"), TestContext.Current.CancellationToken);
        posted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        post.Received.Count.ShouldBe(1);
    }

    private static IHost DefaultsHost(Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddServiceDefaults();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private static IEnumerable<HttpMessageHandler> Chain(HttpMessageHandler handler)
    {
        for (var current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
            yield return current;
    }

    /// <summary>Answers requests with the given status codes in turn, the last one from then on.</summary>
    private sealed class Answers(params int[] statusCodes)
    {
        private int next;

        public List<string> Received { get; } = [];

        public async Task AnswerAsync(HttpContext context)
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            lock (Received)
            {
                Received.Add(body);
                context.Response.StatusCode = statusCodes[Math.Min(next++, statusCodes.Length - 1)];
            }
        }
    }
}
