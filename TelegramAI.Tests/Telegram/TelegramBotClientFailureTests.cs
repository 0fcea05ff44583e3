using TelegramAI.Aws.Emulator;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using TelegramAI.Telegram;
using TelegramAI.Telegram.Emulator;

using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Telegram;

public sealed class TelegramBotClientFailureTests : TelegramTestBed
{
    [Fact]
    public async Task A_refused_call_throws_ApiRequestException_with_code_description_and_method()
    {
        var error = await Should.ThrowAsync<ApiRequestException>(() => Client.SendMessage(-999, "hello?", cancellationToken: Ct));

        error.ErrorCode.ShouldBe(400);
        error.Description.ShouldBe("Bad Request: chat not found");
        error.MethodName.ShouldBe("sendMessage");
        error.Message.ShouldContain("sendMessage");
        error.Message.ShouldContain("chat not found");
    }

    [Fact]
    public async Task A_server_error_is_thrown_without_retrying()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.FailNext("sendMessage", ApiFault.InternalServerError());

        var error = await Should.ThrowAsync<ApiRequestException>(() => Client.SendMessage(PrivateChatId, "hello", cancellationToken: Ct));

        error.ErrorCode.ShouldBe(500);
        Emulator.CallCount("sendMessage").ShouldBe(1);
    }

    [Fact]
    public async Task A_429_is_waited_out_and_the_call_repeated()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.FailNext("sendMessage", ApiFault.TooManyRequests(retryAfterSeconds: 1));

        var sent = await Client.SendMessage(PrivateChatId, "hello", cancellationToken: Ct);

        sent.Text.ShouldBe("hello");
        Emulator.CallCount("sendMessage").ShouldBe(2);
        Emulator.MessagesTo(PrivateChatId).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_rate_limited_upload_is_sent_again_from_the_start_of_the_stream()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.FailNext("sendVideo", ApiFault.TooManyRequests(retryAfterSeconds: 1));
        byte[] bytes = [1, 2, 3, 4, 5];
        using var stream = new MemoryStream(bytes);

        await Client.SendVideo(PrivateChatId, TelegramAI.Telegram.Types.InputFile.FromStream(stream, "v.mp4"), cancellationToken: Ct);

        Emulator.CallCount("sendVideo").ShouldBe(2);
        Emulator.VideosTo(PrivateChatId).ShouldHaveSingleItem().Content.ShouldBe(bytes);
    }

    [Fact]
    public async Task A_429_is_thrown_once_the_retries_are_used_up()
    {
        var client = CreateClient(options => options.MaxRetryAttempts = 0);
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(retryAfterSeconds: 1));

        var error = await Should.ThrowAsync<ApiRequestException>(() => client.GetMe(Ct));

        error.ErrorCode.ShouldBe(429);
        error.Parameters!.RetryAfter.ShouldBe(1);
        Emulator.CallCount("getMe").ShouldBe(1);
    }

    [Fact]
    public async Task A_flood_wait_longer_than_the_cap_is_thrown_at_once()
    {
        var client = CreateClient(options => options.MaxRetryAfter = TimeSpan.FromSeconds(5));
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
    public async Task The_token_is_in_no_exception_text_when_telegram_refuses_it()
    {
        const string wrongToken = "987654321:AAWrongTokenWrongTokenWrongToken123";
        var client = CreateClient(options => options.BotToken = wrongToken);

        var error = await Should.ThrowAsync<ApiRequestException>(() => client.GetMe(Ct));

        error.ErrorCode.ShouldBe(401);
        error.Description.ShouldBe("Unauthorized");
        ShouldNotReveal(error, wrongToken);
    }

    [Fact]
    public async Task The_token_is_in_no_exception_text_when_the_api_cannot_be_reached()
    {
        var client = CreateClient(options => options.ApiBaseUrl = $"http://127.0.0.1:{LoopbackPort.Free()}");

        var error = await Should.ThrowAsync<RequestException>(() => client.SendMessage(1, "hi", cancellationToken: Ct));

        error.ShouldNotBeOfType<ApiRequestException>();
        error.MethodName.ShouldBe("sendMessage");
        error.Message.ShouldContain("could not be reached");
        ShouldNotReveal(error, Emulator.BotToken);
    }

    [Fact]
    public async Task The_token_is_in_no_log_line_of_the_registered_client()
    {
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        services.AddTelegramBotClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = Emulator.BotToken,
            ["Telegram:ApiBaseUrl"] = Emulator.BaseUrl.ToString(),
        }).Build());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ITelegramBotClient>();
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(retryAfterSeconds: 1));

        await client.GetMe(Ct);
        await Should.ThrowAsync<ApiRequestException>(() => client.SendMessage(-1, "nobody there", cancellationToken: Ct));

        var lines = logs.GetSnapshot().Select(log => $"{log.Level} {log.Category}: {log.Message} {log.Exception}").ToList();
        lines.ShouldContain(line => line.Contains("getMe"), "the client logs its calls");
        lines.ShouldContain(line => line.Contains("rate limited"));
        lines.ShouldAllBe(line => !line.Contains(Emulator.BotToken) && !line.Contains("/bot"));
    }

    private static void ShouldNotReveal(Exception error, string token)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            e.Message.ShouldNotContain(token);
        }

        error.ToString().ShouldNotContain(token);
        error.ToString().ShouldNotContain(token.Split(':')[1]);
    }

}
