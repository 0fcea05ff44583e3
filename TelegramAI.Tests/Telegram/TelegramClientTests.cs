using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.ServiceDefaults;

namespace TelegramAI.Tests.Telegram;

/// <summary>Telegram.Bot's client, as the bot registers it, against the stand-in: the calls the bot makes, end to end on the wire.</summary>
public sealed class TelegramClientTests : TelegramTestBed
{
    [Fact]
    public async Task GetMe_returns_the_bot()
    {
        var me = await Client.GetMe(Ct);

        me.Id.ShouldBe(Emulator.Bot.Id);
        me.IsBot.ShouldBeTrue();
        me.Username.ShouldBe(Emulator.Bot.Username);
    }

    [Fact]
    public async Task SendMessage_replies_in_the_chat_with_the_requested_options()
    {
        var question = Emulator.InjectTextMessage(PrivateChatId, UserId, "https://example.com/clip").Message!;

        // Telegram.Bot sends parse_mode as "Html"; Telegram reads parse modes without regard to case.
        var sent = await Client.SendMessage(
            PrivateChatId,
            "<b>Downloading…</b>",
            ParseMode.Html,
            replyParameters: new ReplyParameters { MessageId = question.MessageId },
            linkPreviewOptions: LinkPreviewOptions.Disabled,
            cancellationToken: Ct);

        sent.Chat.Id.ShouldBe(PrivateChatId);
        sent.From!.IsBot.ShouldBeTrue();
        sent.Text.ShouldBe("<b>Downloading…</b>");
        sent.ReplyToMessage!.Id.ShouldBe(question.MessageId);
        sent.Id.ShouldBeGreaterThan(question.MessageId);
        var recorded = Emulator.MessagesTo(PrivateChatId).ShouldHaveSingleItem();
        recorded.MessageId.ShouldBe(sent.Id);
        recorded.ParseMode.ShouldBe("HTML");
        recorded.ReplyToMessageId.ShouldBe(question.MessageId);
    }

    [Fact]
    public async Task Message_ids_increase_per_chat()
    {
        const long groupId = -100;
        Emulator.InjectTextMessage(PrivateChatId, UserId, "hi");
        Emulator.InjectTextMessage(groupId, UserId, "hi all");

        var first = await Client.SendMessage(PrivateChatId, "one", cancellationToken: Ct);
        var second = await Client.SendMessage(PrivateChatId, "two", cancellationToken: Ct);
        var inGroup = await Client.SendMessage(groupId, "one", cancellationToken: Ct);

        second.Id.ShouldBe(first.Id + 1);
        inGroup.Id.ShouldBe(2);
        inGroup.Chat.Type.ShouldBe(ChatType.Group);
    }

    [Fact]
    public async Task EditMessageText_changes_the_text_and_keeps_its_history()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "a link");
        var status = await Client.SendMessage(PrivateChatId, "Queued", cancellationToken: Ct);

        var edited = await Client.EditMessageText(PrivateChatId, status.Id, "Downloading 40%", cancellationToken: Ct);

        edited.Text.ShouldBe("Downloading 40%");
        edited.EditDate.ShouldNotBeNull();
        Emulator.MessagesTo(PrivateChatId).ShouldHaveSingleItem().TextHistory.ShouldBe(["Queued", "Downloading 40%"]);
    }

    [Fact]
    public async Task EditMessageText_with_the_same_text_is_refused_as_not_modified_and_the_call_is_logged_by_method()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "a link");
        var status = await Client.SendMessage(PrivateChatId, "Queued", cancellationToken: Ct);

        var error = await Should.ThrowAsync<ApiRequestException>(
            () => Client.EditMessageText(PrivateChatId, status.Id, "Queued", cancellationToken: Ct));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldStartWith("Bad Request: message is not modified");
        Logs.GetSnapshot().ShouldContain(record => record.Message.StartsWith("Telegram editMessageText answered 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendVideo_uploads_the_stream_as_multipart_with_the_same_bytes()
    {
        var question = Emulator.InjectTextMessage(PrivateChatId, UserId, "https://example.com/clip").Message!;
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        using var stream = new MemoryStream(bytes);

        var sent = await Client.SendVideo(
            PrivateChatId,
            InputFile.FromStream(stream, "clip.mp4"),
            caption: "Here it is",
            replyParameters: new ReplyParameters { MessageId = question.MessageId },
            duration: 12,
            supportsStreaming: true,
            cancellationToken: Ct);

        sent.Video.ShouldNotBeNull().FileSize.ShouldBe(bytes.Length);
        sent.Video.Duration.ShouldBe(12);
        sent.Caption.ShouldBe("Here it is");
        var video = Emulator.VideosTo(PrivateChatId).ShouldHaveSingleItem();
        video.Source.ShouldBe(VideoSource.Upload);
        video.FileName.ShouldBe("clip.mp4");
        video.Content.ShouldBe(bytes);
        video.SupportsStreaming.ShouldBeTrue();
        video.ReplyToMessageId.ShouldBe(question.MessageId);

        // Unlike the bot's former client, Telegram.Bot disposes an uploaded stream with its request: a caller that
        // uploads (the bot sends videos by URL) must not reuse the stream afterwards.
        stream.CanRead.ShouldBeFalse();
    }

    [Fact]
    public async Task SendVideo_by_url_lets_telegram_fetch_it_and_a_file_id_resends_it()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "clip please");
        await using var server = await LocalHttpServer.StartAsync(context => context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 }, context.RequestAborted).AsTask());
        var url = new Uri(server.BaseAddress, "v.mp4").ToString();

        var byUrl = await Client.SendVideo(PrivateChatId, InputFile.FromUri(url), cancellationToken: Ct);
        var byFileId = await Client.SendVideo(PrivateChatId, InputFile.FromFileId(byUrl.Video!.FileId), cancellationToken: Ct);

        byFileId.Video!.FileId.ShouldBe(byUrl.Video.FileId);
        var videos = Emulator.VideosTo(PrivateChatId);
        videos.Select(video => video.Source).ShouldBe([VideoSource.Url, VideoSource.FileId]);
        videos[0].Url.ShouldBe(url);
        videos[0].Content.ShouldBe([1, 2, 3]);
        videos[0].SupportsStreaming.ShouldBeFalse();
    }

    [Fact]
    public async Task SendVideo_by_a_url_telegram_cannot_fetch_is_refused_as_telegram_refuses_it()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "clip please");

        var error = await Should.ThrowAsync<ApiRequestException>(() => Client.SendVideo(PrivateChatId, InputFile.FromUri("https://cdn.example.com/v.mp4"), cancellationToken: Ct));

        error.ErrorCode.ShouldBe(400);
        error.Message.ShouldBe("Bad Request: failed to get HTTP URL content");
        Emulator.VideosTo(PrivateChatId).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_long_poll_returns_an_update_injected_while_it_waits()
    {
        var poll = Client.GetUpdates(timeout: 30, cancellationToken: Ct);
        await Emulator.WaitForLongPollAsync(cancellationToken: Ct);
        poll.IsCompleted.ShouldBeFalse();

        var injected = Emulator.InjectTextMessage(PrivateChatId, UserId, "/start");

        var update = (await poll).ShouldHaveSingleItem();
        update.Id.ShouldBe(injected.UpdateId);
        update.Type.ShouldBe(UpdateType.Message);
        update.Message!.Text.ShouldBe("/start");
        update.Message.From!.Id.ShouldBe(UserId);
        update.Message.Chat.Type.ShouldBe(ChatType.Private);
        update.Message.Date.ShouldBe(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        update.Message.Entities.ShouldHaveSingleItem().Type.ShouldBe(MessageEntityType.BotCommand);
    }

    [Fact]
    public async Task A_long_poll_longer_than_the_request_timeout_gets_the_wait_on_top()
    {
        // A call may take 1 s, but a getUpdates that asks Telegram to wait 3 s for news is given 1 s + 3 s.
        var client = CreateClient(settings => settings["Telegram:RequestTimeout"] = "00:00:01");

        var updates = await client.GetUpdates(timeout: 3, cancellationToken: Ct);

        updates.ShouldBeEmpty();
        Emulator.CallCount("getUpdates").ShouldBe(1);
    }

    [Fact]
    public async Task An_offset_confirms_earlier_updates()
    {
        Emulator.InjectTextMessage(PrivateChatId, UserId, "one");
        Emulator.InjectTextMessage(PrivateChatId, UserId, "two");

        var first = await Client.GetUpdates(cancellationToken: Ct);
        var again = await Client.GetUpdates(cancellationToken: Ct);
        var afterConfirming = await Client.GetUpdates(offset: first[^1].Id + 1, cancellationToken: Ct);
        var third = Emulator.InjectTextMessage(PrivateChatId, UserId, "three");
        var next = await Client.GetUpdates(offset: first[^1].Id + 1, limit: 10, cancellationToken: Ct);

        first.Select(update => update.Message!.Text).ShouldBe(["one", "two"]);
        again.Length.ShouldBe(2, "nothing is confirmed without an offset");
        afterConfirming.ShouldBeEmpty();
        next.ShouldHaveSingleItem().Id.ShouldBe(third.UpdateId);
    }

    [Fact]
    public async Task Allowed_updates_are_sent_by_their_api_names()
    {
        await Client.GetUpdates(allowedUpdates: [UpdateType.EditedMessage], cancellationToken: Ct);
        Emulator.InjectTextMessage(PrivateChatId, UserId, "not wanted");
        await Client.GetUpdates(allowedUpdates: [UpdateType.Message], cancellationToken: Ct);
        Emulator.InjectTextMessage(PrivateChatId, UserId, "wanted");

        var updates = await Client.GetUpdates(cancellationToken: Ct);

        updates.ShouldHaveSingleItem().Message!.Text.ShouldBe("wanted");
    }

    [Fact]
    public async Task Messages_without_text_are_told_apart_by_their_type()
    {
        Emulator.InjectStickerMessage(PrivateChatId, UserId);
        Emulator.InjectPhotoMessage(PrivateChatId, UserId, caption: "look");
        Emulator.InjectVoiceMessage(PrivateChatId, UserId);
        Emulator.InjectEmptyMessage(PrivateChatId, UserId);

        var messages = (await Client.GetUpdates(cancellationToken: Ct)).Select(update => update.Message!).ToArray();

        messages.Select(message => message.Type).ShouldBe([MessageType.Sticker, MessageType.Photo, MessageType.Voice, MessageType.Unknown]);
        messages.ShouldAllBe(message => message.Text == null);
        messages[0].Sticker!.Type.ShouldBe(StickerType.Regular);
        messages[1].Caption.ShouldBe("look");
        messages[1].Photo!.Length.ShouldBe(2);
        messages[3].IsServiceMessage.ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_poller_ends_the_first_with_a_conflict()
    {
        var first = Client.GetUpdates(timeout: 30, cancellationToken: Ct);
        await Emulator.WaitForLongPollAsync(cancellationToken: Ct);

        var second = Client.GetUpdates(cancellationToken: Ct);

        (await Should.ThrowAsync<ApiRequestException>(() => first)).ErrorCode.ShouldBe(409);
        (await second).ShouldBeEmpty();
    }
}
