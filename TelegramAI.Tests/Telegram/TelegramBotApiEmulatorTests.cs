using System.Net;
using System.Net.Http.Json;
using System.Text;
using Telegram.Bot;
using System.Text.Json;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Tests.Telegram;

/// <summary>
/// The stand-in's answers on the wire, checked with a plain HttpClient rather than a Bot API client: it must
/// answer as the official server does (https://core.telegram.org/bots/api, and the telegram-bot-api server's
/// checks and wording), whatever any client sends.
/// </summary>
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
        Emulator.FailNext("getMe", ApiFault.TooManyRequests(7));

        using var response = await http.PostAsJsonAsync(Url(Emulator.BotToken, "getMe"), new { }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe(
            """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}""");
    }

    [Theory]
    [InlineData("HTML", "HTML")]
    [InlineData("Html", "HTML")]
    [InlineData("html", "HTML")]
    [InlineData("markdownv2", "MarkdownV2")]
    [InlineData("Markdown", "Markdown")]
    [InlineData("None", null)]
    [InlineData("", null)]
    public async Task Parse_modes_are_read_without_regard_to_case_as_telegram_reads_them(string sent, string? understood)
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");

        using var response = await PostJsonAsync("sendMessage", $$"""{"chat_id":{{PrivateChatId}},"text":"hello","parse_mode":"{{sent}}"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Emulator.MessagesTo(PrivateChatId).ShouldHaveSingleItem().ParseMode.ShouldBe(understood);
    }

    [Theory]
    [InlineData("""{"chat_id":4242,"text":"hi","parse_mode":"HTM"}""", "Bad Request: unsupported parse_mode")]
    [InlineData("""{"text":"hi"}""", "Bad Request: chat_id is empty")]
    [InlineData("""{"chat_id":"somebody","text":"hi"}""", "Bad Request: chat not found")]
    [InlineData("""{"chat_id":4242}""", "Bad Request: message text is empty")]
    [InlineData("""{"chat_id":4242,"text":"hi","reply_parameters":"{not json"}""", "Bad Request: can't parse reply parameters JSON object")]
    [InlineData("""{"chat_id":4242,"text":"hi","reply_parameters":[1]}""", "Bad Request: object expected as reply parameters")]
    [InlineData("""{"chat_id":4242,"text":"hi","reply_parameters":{"chat_id":4242}}""", "Bad Request: can't find field \"message_id\"")]
    [InlineData("""{"chat_id":4242,"text":"hi","reply_parameters":{"message_id":true}}""", "Bad Request: field \"message_id\" must be a Number")]
    [InlineData("""{"chat_id":4242,"text":"hi","reply_parameters":{"message_id":99}}""", "Bad Request: message to be replied not found")]
    [InlineData("""{"chat_id":4242,"text":"hi","link_preview_options":"{not json"}""", "Bad Request: can't parse link preview options JSON object")]
    [InlineData("""{"chat_id":4242,"text":"hi","link_preview_options":{"is_disabled":"yes"}}""", "Bad Request: field \"is_disabled\" must be of type Boolean")]
    public async Task A_message_telegram_would_refuse_gets_telegrams_400_and_its_description(string body, string description)
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");

        using var response = await PostJsonAsync("sendMessage", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        answer.RootElement.GetProperty("ok").GetBoolean().ShouldBeFalse();
        answer.RootElement.GetProperty("error_code").GetInt32().ShouldBe(400);
        answer.RootElement.GetProperty("description").GetString().ShouldBe(description);
        Emulator.MessagesTo(PrivateChatId).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reply_to_a_missing_message_goes_out_when_sending_without_it_is_allowed()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");

        using var response = await PostJsonAsync(
            "sendMessage", """{"chat_id":4242,"text":"hello","reply_parameters":{"message_id":99,"allow_sending_without_reply":true}}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Emulator.MessagesTo(PrivateChatId).ShouldHaveSingleItem().ReplyToMessageId.ShouldBeNull();
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_and_a_deleted_message_get_telegrams_answers()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        await Client.SendMessage(PrivateChatId, "status", cancellationToken: Ct);
        Emulator.DeleteMessage(PrivateChatId, 2).ShouldBeTrue();

        using var edit = await PostJsonAsync("editMessageText", """{"chat_id":4242,"message_id":2,"text":"done"}""");
        Emulator.BlockBot(UserId);
        using var send = await PostJsonAsync("sendMessage", """{"chat_id":4242,"text":"anyone?"}""");

        edit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await edit.Content.ReadAsStringAsync(Ct)).ShouldContain("\"description\":\"Bad Request: message to edit not found\"");
        send.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await send.Content.ReadAsStringAsync(Ct)).ShouldBe("""{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}""");
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

    private Task<HttpResponseMessage> PostJsonAsync(string method, string body) =>
        http.PostAsync(Url(Emulator.BotToken, method), new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    // Concatenated: as a relative URI, "bot123:…" would parse as a scheme.
    private Uri Url(string token, string methodAndQuery) => new($"{Emulator.BaseUrl.AbsoluteUri.TrimEnd('/')}/bot{token}/{methodAndQuery}");

    public override async ValueTask DisposeAsync()
    {
        http.Dispose();
        await base.DisposeAsync();
    }
}
