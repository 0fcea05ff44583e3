using System.Net;
using System.Text;
using System.Text.Json;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.ServiceDefaults;

namespace TelegramAI.Tests.Telegram;

/// <summary>
/// The stand-in's side of the conversations a bot meets, on the wire: Telegram's flood limits and their 429, update
/// kinds beyond a new message, update numbering that starts over, groups that move or remove the bot, forum topics,
/// files fetched by URL, and faults for one chat.
/// </summary>
public sealed class EmulatorConversationTests : IAsyncLifetime
{
    private const long User = 4242;
    private readonly HttpClient http = new();
    private TelegramBotApiEmulator emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => emulator = await TelegramBotApiEmulator.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        await emulator.DisposeAsync();
        http.Dispose();
    }

    [Fact]
    public async Task Flood_limits_are_on_by_default_and_a_chat_over_its_burst_gets_429_with_retry_after_and_is_counted()
    {
        emulator.FloodLimits.ShouldBe(FloodLimits.Telegram);
        emulator.InjectTextMessage(User, User, "hi");

        // A short burst of three in one chat is let through; a fourth at once is not.
        for (var i = 0; i < 3; i++)
        {
            (await PostAsync("sendMessage", $$"""{"chat_id":{{User}},"text":"{{i}}"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var refused = await PostAsync("sendMessage", $$"""{"chat_id":{{User}},"text":"one too many"}""");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        var retryAfter = body.RootElement.GetProperty("parameters").GetProperty("retry_after").GetInt32();
        retryAfter.ShouldBeGreaterThanOrEqualTo(1);
        body.RootElement.GetProperty("description").GetString().ShouldBe($"Too Many Requests: retry after {retryAfter}");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(retryAfter));
        emulator.FloodRefusals.ShouldBe(1);
        emulator.MessagesTo(User).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Edits_and_uploads_count_against_a_chat_like_messages_and_injected_faults_are_not_counted_as_floods()
    {
        emulator.InjectTextMessage(User, User, "hi");
        emulator.FailNext("sendMessage", ApiFault.TooManyRequests(1));
        (await PostAsync("sendMessage", $$"""{"chat_id":{{User}},"text":"fault"}""")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        emulator.FloodRefusals.ShouldBe(0);

        (await PostAsync("sendMessage", $$"""{"chat_id":{{User}},"text":"status"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync("editMessageText", $$"""{"chat_id":{{User}},"message_id":2,"text":"10%"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(User.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chat_id" },
            { new ByteArrayContent([1, 2, 3]), "video", "v.mp4" },
        };
        (await http.PostAsync(Url("sendVideo"), upload, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await PostAsync("editMessageText", $$"""{"chat_id":{{User}},"message_id":2,"text":"20%"}""")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        emulator.FloodRefusals.ShouldBe(1);
    }

    [Fact]
    public async Task Thirty_a_second_overall_is_the_most_any_spread_of_chats_gets()
    {
        var chats = Enumerable.Range(1, 45).Select(i => 10_000L + i).ToList();
        foreach (var chat in chats)
        {
            emulator.InjectTextMessage(chat, chat, "hi");
        }

        var answers = await Task.WhenAll(chats.Select(async chat =>
        {
            using var response = await PostAsync("sendMessage", $$"""{"chat_id":{{chat}},"text":"at once"}""");
            return response.StatusCode;
        }));

        // 45 at once to 45 chats, one each: the overall bucket holds 30 and refills one every 33 ms.
        answers.Count(status => status == HttpStatusCode.TooManyRequests).ShouldBe(emulator.FloodRefusals);
        emulator.FloodRefusals.ShouldBeGreaterThan(0);
        answers.Count(status => status == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(30);
    }

    [Fact]
    public async Task Without_flood_limits_nothing_is_refused()
    {
        await using var unlimited = await TelegramBotApiEmulator.StartAsync(new TelegramBotApiEmulatorOptions { FloodLimits = null }, Ct);
        unlimited.InjectTextMessage(User, User, "hi");
        using var client = new HttpClient();

        for (var i = 0; i < 10; i++)
        {
            using var response = await client.PostAsync(
                new Uri($"{unlimited.BaseUrl.AbsoluteUri.TrimEnd('/')}/bot{unlimited.BotToken}/sendMessage"),
                new StringContent($$"""{"chat_id":{{User}},"text":"{{i}}"}""", Encoding.UTF8, "application/json"),
                Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        unlimited.FloodRefusals.ShouldBe(0);
    }

    [Fact]
    public async Task Numbering_that_starts_over_is_delivered_to_a_bot_whose_offset_is_from_the_old_numbering()
    {
        var old = emulator.InjectTextMessage(User, User, "before");
        var first = await GetUpdatesAsync(offset: 0);
        first.Single().GetProperty("update_id").GetInt32().ShouldBe(old.UpdateId);
        Should.Throw<InvalidOperationException>(() => emulator.RestartUpdateNumbering(5));
        (await GetUpdatesAsync(offset: old.UpdateId + 1)).ShouldBeEmpty();

        emulator.RestartUpdateNumbering(5);
        emulator.InjectTextMessage(User, User, "after");

        // The bot's next offset is far ahead of the new numbering: Telegram answers from the oldest pending update.
        var after = await GetUpdatesAsync(offset: old.UpdateId + 1);
        after.Select(u => u.GetProperty("update_id").GetInt32()).ShouldBe([5]);
        after.Single().GetProperty("message").GetProperty("text").GetString().ShouldBe("after");
        emulator.PendingUpdateCount.ShouldBe(1);
        (await GetUpdatesAsync(offset: 6)).ShouldBeEmpty();
        emulator.PendingUpdateCount.ShouldBe(0);
    }

    [Fact]
    public async Task Edits_captions_forwards_topics_and_membership_come_as_the_bot_api_shapes_them()
    {
        const long group = -1_001_777_000_001;
        var text = emulator.InjectTextMessage(User, User, "see youtu.be/dQw4w9WgXcQ and @someone");
        emulator.EditUserMessage(User, text.Message!.MessageId, "see https://youtu.be/dQw4w9WgXcQ");
        emulator.InjectVideoMessage(User, User, "Full version: youtu.be/dQw4w9WgXcQ", forwardedFromChannel: "Clips");
        emulator.AddBotToGroup(group, User, asAdministrator: true);
        var topic = emulator.CreateForumTopic(group, User);
        emulator.InjectTopicMessage(group, User, topic, "/dl@telegram_ai_emulated_bot x");
        emulator.BlockBot(User);

        var updates = await GetUpdatesAsync(offset: 0);

        var message = updates[0].GetProperty("message");
        EntityTypes(message, "entities").ShouldBe(["url", "mention"]);
        var edited = updates[1].GetProperty("edited_message");
        edited.GetProperty("message_id").GetInt32().ShouldBe(text.Message.MessageId);
        edited.TryGetProperty("edit_date", out _).ShouldBeTrue();
        var forward = updates[2].GetProperty("message");
        forward.GetProperty("caption").GetString().ShouldBe("Full version: youtu.be/dQw4w9WgXcQ");
        EntityTypes(forward, "caption_entities").ShouldBe(["url"]);
        forward.GetProperty("forward_origin").GetProperty("type").GetString().ShouldBe("channel");
        var joined = updates[3].GetProperty("my_chat_member");
        joined.GetProperty("old_chat_member").GetProperty("status").GetString().ShouldBe("left");
        joined.GetProperty("new_chat_member").GetProperty("status").GetString().ShouldBe("administrator");
        updates[4].GetProperty("message").GetProperty("new_chat_members")[0].GetProperty("is_bot").GetBoolean().ShouldBeTrue();
        var inTopic = updates[5].GetProperty("message");
        inTopic.GetProperty("message_thread_id").GetInt32().ShouldBe(topic);
        inTopic.GetProperty("is_topic_message").GetBoolean().ShouldBeTrue();
        inTopic.GetProperty("chat").GetProperty("is_forum").GetBoolean().ShouldBeTrue();
        updates[6].GetProperty("my_chat_member").GetProperty("new_chat_member").GetProperty("status").GetString().ShouldBe("kicked");
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_refuses_writes_with_migrate_to_chat_id()
    {
        emulator.InjectTextMessage(-555, User, "hi");
        var supergroup = emulator.MigrateToSupergroup(-555, User);

        using var refused = await PostAsync("sendMessage", """{"chat_id":-555,"text":"hello?"}""");

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldBe(
            $$$"""{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":{{{supergroup}}}}}""");
        (await PostAsync("sendMessage", $$"""{"chat_id":{{supergroup}},"text":"here"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("removed", 403, "Forbidden: bot was kicked from the supergroup chat")]
    [InlineData("deactivated", 403, "Forbidden: user is deactivated")]
    [InlineData("blocked", 403, "Forbidden: bot was blocked by the user")]
    public async Task A_chat_the_bot_may_no_longer_write_to_refuses_as_telegram_does(string how, int code, string description)
    {
        const long supergroup = -1_001_888_000_001;
        emulator.InjectTextMessage(User, User, "hi");
        emulator.InjectTextMessage(supergroup, User, "hi");
        var chat = how == "removed" ? supergroup : User;
        switch (how)
        {
            case "removed": emulator.RemoveBotFromChat(supergroup, User); break;
            case "deactivated": emulator.DeactivateUser(User); break;
            default: emulator.BlockBot(User); break;
        }

        using var refused = await PostAsync("sendMessage", $$"""{"chat_id":{{chat}},"text":"hello?"}""");

        ((int)refused.StatusCode).ShouldBe(code);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain($"\"description\":\"{description}\"");
    }

    [Fact]
    public async Task A_forum_topic_is_written_to_by_its_thread_id_and_an_unknown_one_is_refused()
    {
        const long forum = -1_001_999_000_001;
        var topic = emulator.CreateForumTopic(forum, User);

        (await PostAsync("sendMessage", $$"""{"chat_id":{{forum}},"text":"in the topic","message_thread_id":{{topic}}}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var unknown = await PostAsync("sendMessage", $$"""{"chat_id":{{forum}},"text":"nowhere","message_thread_id":9999}""");

        emulator.MessagesTo(forum).Single().MessageThreadId.ShouldBe(topic);
        (await unknown.Content.ReadAsStringAsync(Ct)).ShouldContain("Bad Request: message thread not found");
    }

    [Fact]
    public async Task A_file_by_url_is_fetched_from_loopback_up_to_20_MB_and_refused_otherwise()
    {
        emulator.InjectTextMessage(User, User, "hi");
        var big = new byte[TelegramBotApiEmulator.MaxDownloadBytes + 1];
        await using var server = await LocalHttpServer.StartAsync(context => context.Request.Path == "/big.mp4"
            ? context.Response.Body.WriteAsync(big, context.RequestAborted).AsTask()
            : context.Response.Body.WriteAsync(new byte[] { 7, 7, 7 }, context.RequestAborted).AsTask());

        (await PostAsync("sendVideo", $$"""{"chat_id":{{User}},"video":"{{new Uri(server.BaseAddress, "small.mp4")}}"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var tooBig = await PostAsync("sendVideo", $$"""{"chat_id":{{User}},"video":"{{new Uri(server.BaseAddress, "big.mp4")}}"}""");
        using var elsewhere = await PostAsync("sendVideo", $$"""{"chat_id":{{User}},"video":"https://example.com/v.mp4"}""");

        emulator.VideosTo(User).Single().Content.ShouldBe([7, 7, 7]);
        (await tooBig.Content.ReadAsStringAsync(Ct)).ShouldContain("Bad Request: failed to get HTTP URL content");
        (await elsewhere.Content.ReadAsStringAsync(Ct)).ShouldContain("Bad Request: failed to get HTTP URL content");
    }

    [Fact]
    public async Task A_fault_for_one_chat_leaves_the_others_alone()
    {
        emulator.InjectTextMessage(User, User, "hi");
        emulator.InjectTextMessage(5151, 5151, "hi");
        emulator.FailNext("sendMessage", 5151, ApiFault.BlockedByUser());

        (await PostAsync("sendMessage", $$"""{"chat_id":{{User}},"text":"fine"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync("sendMessage", """{"chat_id":5151,"text":"refused"}""")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync("sendMessage", """{"chat_id":5151,"text":"fine again"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string[] EntityTypes(JsonElement message, string field) =>
        [.. message.GetProperty(field).EnumerateArray().Select(entity => entity.GetProperty("type").GetString()!)];

    private async Task<JsonElement[]> GetUpdatesAsync(int offset)
    {
        using var response = await PostAsync("getUpdates", $$"""{"offset":{{offset}}}""");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return [.. body.RootElement.GetProperty("result").EnumerateArray().Select(update => update.Clone())];
    }

    private Task<HttpResponseMessage> PostAsync(string method, string json) =>
        http.PostAsync(Url(method), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private Uri Url(string method) => new($"{emulator.BaseUrl.AbsoluteUri.TrimEnd('/')}/bot{emulator.BotToken}/{method}");
}
