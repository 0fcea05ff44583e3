using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using TelegramAI.Bot;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using TelegramAI.Aws.Emulator;

namespace TelegramAI.Tests.Telegram;

/// <summary>Refusals, flood waits and outages, as Telegram.Bot's client (registered as the bot registers it) reports them.</summary>
public sealed class TelegramClientFailureTests : TelegramTestBed
{
    [Fact]
    public async Task A_refused_call_throws_ApiRequestException_with_code_and_description()
    {
        var error = await Should.ThrowAsync<ApiRequestException>(() => Client.SendMessage(-999, "hello?", cancellationToken: Ct));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: chat not found");
        TelegramErrors.IsTransient(error).ShouldBeFalse();
        Logs.GetSnapshot().ShouldContain(record => record.Message.StartsWith("Telegram sendMessage answered 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_error_is_thrown_without_retrying()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.FailNext("sendMessage", ApiFault.InternalServerError());

        var error = await Should.ThrowAsync<ApiRequestException>(() => Client.SendMessage(PrivateChatId, "hello", cancellationToken: Ct));

        error.ErrorCode.ShouldBe(500);
        TelegramErrors.IsTransient(error).ShouldBeTrue();
        Emulator.CallCount("sendMessage").ShouldBe(1);
    }

    [Fact]
    public async Task A_429_is_waited_out_the_call_repeated_and_the_wait_logged()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.FailNext("sendMessage", ApiFault.TooManyRequests(retryAfterSeconds: 1));

        var sent = await Client.SendMessage(PrivateChatId, "hello", cancellationToken: Ct);

        sent.Text.ShouldBe("hello");
        Emulator.CallCount("sendMessage").ShouldBe(2);
        Emulator.MessagesTo(PrivateChatId).ShouldHaveSingleItem();
        Logs.GetSnapshot().ShouldContain(record => record.Message == "Telegram sendMessage was rate limited (429; Retry-After: 1)");
    }

    [Fact]
    public async Task A_rate_limited_upload_is_sent_again_from_the_start_of_the_stream()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.FailNext("sendVideo", ApiFault.TooManyRequests(retryAfterSeconds: 1));
        byte[] bytes = [1, 2, 3, 4, 5];
        using var stream = new MemoryStream(bytes);

        await Client.SendVideo(PrivateChatId, InputFile.FromStream(stream, "v.mp4"), cancellationToken: Ct);

        Emulator.CallCount("sendVideo").ShouldBe(2);
        Emulator.VideosTo(PrivateChatId).ShouldHaveSingleItem().Content.ShouldBe(bytes);
    }

    [Fact]
    public async Task A_429_is_thrown_once_the_retries_are_used_up()
    {
        var client = CreateClient(settings => settings["Telegram:MaxRetryAttempts"] = "0");
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(retryAfterSeconds: 1));

        var error = await Should.ThrowAsync<ApiRequestException>(() => client.GetMe(Ct));

        error.ErrorCode.ShouldBe(429);
        error.Parameters!.RetryAfter.ShouldBe(1);
        TelegramErrors.IsTransient(error).ShouldBeTrue();
        Emulator.CallCount("getMe").ShouldBe(1);
    }

    [Fact]
    public async Task Each_429_is_waited_out_up_to_the_configured_repeats()
    {
        var client = CreateClient(settings => settings["Telegram:MaxRetryAttempts"] = "2");
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(retryAfterSeconds: 1), times: 3);

        var error = await Should.ThrowAsync<ApiRequestException>(() => client.GetMe(Ct));

        error.ErrorCode.ShouldBe(429);
        Emulator.CallCount("getMe").ShouldBe(3, "the call and its two repeats");
    }

    [Fact]
    public async Task A_flood_wait_longer_than_the_cap_is_thrown_at_once()
    {
        var client = CreateClient(settings => settings["Telegram:MaxRetryAfter"] = "00:00:05");
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(retryAfterSeconds: 3600));

        var error = await Should.ThrowAsync<ApiRequestException>(() => client.GetMe(Ct));

        error.Parameters!.RetryAfter.ShouldBe(3600);
        Emulator.CallCount("getMe").ShouldBe(1);
    }

    [Fact]
    public async Task Waiting_out_a_429_can_be_cancelled()
    {
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(retryAfterSeconds: 30));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = Client.GetMe(cancellation.Token);
        await Emulator.WaitForCallsAsync("getMe", 1, cancellationToken: Ct);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => call);
        Emulator.CallCount("getMe").ShouldBe(1);
    }

    [Fact]
    public async Task A_telegram_that_cannot_be_reached_is_a_transient_RequestException()
    {
        var client = CreateClient(settings => settings["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{LoopbackPort.Free()}");

        var error = await Should.ThrowAsync<RequestException>(() => client.SendMessage(1, "hi", cancellationToken: Ct));

        error.ShouldNotBeOfType<ApiRequestException>();
        error.Message.ShouldStartWith("Bot API Service Failure: HttpRequestException");
        TelegramErrors.IsTransient(error).ShouldBeTrue();
        Logs.GetSnapshot().ShouldContain(record => record.Message.StartsWith("Telegram sendMessage failed: HttpRequestException", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(502, true)]
    [InlineData(404, false)]
    public async Task An_answer_that_is_not_the_bot_apis_is_a_RequestException_its_status_deciding_a_retry(int status, bool transient)
    {
        // A proxy in front of Telegram answering with its own HTML page.
        await using var proxy = await LocalHttpServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Bad Gateway</body></html>", context.RequestAborted);
        });
        var client = CreateClient(settings => settings["Telegram:ApiBaseUrl"] = proxy.BaseAddress.ToString());

        var error = await Should.ThrowAsync<RequestException>(() => client.SendMessage(1, "hi", cancellationToken: Ct));

        error.ShouldNotBeOfType<ApiRequestException>();
        ((int?)error.HttpStatusCode).ShouldBe(status);
        TelegramErrors.IsTransient(error).ShouldBe(transient);
    }
}
