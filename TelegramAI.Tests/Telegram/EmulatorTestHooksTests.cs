using System.Net;
using System.Net.Http.Json;
using Telegram.Bot;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Telegram;

/// <summary>The stand-in's loopback hooks, which let a test in another process play the user.</summary>
public sealed class EmulatorTestHooksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_sent_through_the_hook_reaches_the_bot_and_its_reply_and_edits_come_back()
    {
        await using var emulator = await TelegramBotApiEmulator.StartAsync(TelegramBotApiEmulator.DefaultBotToken, enableTestHooks: true, Ct);
        using var http = new HttpClient();
        var hooks = new TelegramHooksClient(http, emulator.TestHooksUrl!);
        var bot = new TelegramBotClient(new TelegramBotClientOptions(emulator.BotToken, emulator.BaseUrl.ToString()), http);

        await hooks.SendAsync(42, "/start", Ct);
        var update = (await bot.GetUpdates(cancellationToken: Ct)).ShouldHaveSingleItem();
        update.Message!.Text.ShouldBe("/start");
        update.Message.Chat.Id.ShouldBe(42);

        var waiting = hooks.WaitForMessagesAsync(42, messages => messages.Any(m => m.TextHistory.Count == 2), TimeSpan.FromSeconds(30), Ct);
        var sent = await bot.SendMessage(42, "hello", cancellationToken: Ct);
        await bot.EditMessageText(42, sent.Id, "hello again", cancellationToken: Ct);

        var reply = (await waiting).ShouldHaveSingleItem();
        reply.TextHistory.ShouldBe(["hello", "hello again"]);
        reply.Text.ShouldBe("hello again");
    }

    [Fact]
    public async Task Bad_hook_requests_get_a_clear_400_and_hooks_are_off_unless_enabled()
    {
        await using var withHooks = await TelegramBotApiEmulator.StartAsync(TelegramBotApiEmulator.DefaultBotToken, enableTestHooks: true, Ct);
        using var http = new HttpClient();

        using var noText = await http.PostAsJsonAsync(new Uri(withHooks.TestHooksUrl!, "users/42/messages"), new { text = "" }, Ct);
        noText.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noText.Content.ReadAsStringAsync(Ct)).ShouldContain("text is empty");

        using var badUser = await http.PostAsJsonAsync(new Uri(withHooks.TestHooksUrl!, "users/-5/messages"), new { text = "hi" }, Ct);
        badUser.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var withoutHooks = await TelegramBotApiEmulator.StartAsync(cancellationToken: Ct);
        withoutHooks.TestHooksUrl.ShouldBeNull();
        using var off = await http.PostAsJsonAsync(new Uri(withoutHooks.BaseUrl, "_emulator/users/42/messages"), new { text = "hi" }, Ct);
        off.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        withoutHooks.PendingUpdateCount.ShouldBe(0);
    }
}
