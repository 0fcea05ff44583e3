using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TelegramAI.Tests.Telegram;

/// <summary>The stand-in's answers on the wire, checked with a plain HttpClient rather than our client.</summary>
public sealed class TelegramBotApiEmulatorTests : TelegramTestBed
{
    private readonly HttpClient http = new();

    [Fact]
    public async Task An_unknown_token_gets_telegrams_401()
    {
        using var response = await http.PostAsync(Url("987654321:AAWrongTokenWrongTokenWrongToken123", "getMe"), null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("""{"ok":false,"error_code":401,"description":"Unauthorized"}""");
    }

    [Fact]
    public async Task An_unknown_method_gets_telegrams_404()
    {
        using var response = await http.PostAsync(Url(Emulator.BotToken, "sendTelepathy"), null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("""{"ok":false,"error_code":404,"description":"Not Found"}""");
    }

    [Fact]
    public async Task Methods_take_query_parameters_and_ignore_the_case_of_their_name()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");

        using var response = await http.GetAsync(Url(Emulator.BotToken, $"SENDMESSAGE?chat_id={PrivateChatId}&text=hello"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        body.RootElement.GetProperty("ok").GetBoolean().ShouldBeTrue();
        body.RootElement.GetProperty("result").GetProperty("text").GetString().ShouldBe("hello");
        (await Emulator.WaitForMessageAsync(PrivateChatId, message => message.Text == "hello", cancellationToken: Ct)).MessageId.ShouldBe(2);
    }

    [Fact]
    public async Task A_429_fault_carries_retry_after_in_parameters()
    {
        Emulator.FailNext("getMe", TelegramAI.Telegram.Emulator.ApiFault.TooManyRequests(7));

        using var response = await http.PostAsJsonAsync(Url(Emulator.BotToken, "getMe"), new { }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe(
            """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");
    }

    [Fact]
    public async Task WaitFor_reports_what_there_is_when_the_time_is_up()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        await Client.SendMessage(PrivateChatId, "Queued", cancellationToken: Ct);

        var error = await Should.ThrowAsync<TimeoutException>(
            () => Emulator.WaitForMessageAsync(PrivateChatId, message => message.Text == "Done", TimeSpan.FromMilliseconds(200), Ct));

        error.Message.ShouldContain("\"Queued\"");
    }

    // Concatenated: as a relative URI, "bot123:…" would parse as a scheme.
    private Uri Url(string token, string methodAndQuery) => new($"{Emulator.BaseUrl.AbsoluteUri.TrimEnd('/')}/bot{token}/{methodAndQuery}");

    public override async ValueTask DisposeAsync()
    {
        http.Dispose();
        await base.DisposeAsync();
    }
}
