using System.Net;
using System.Text;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Receiving;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Telegram.Emulator.Wire;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// Every shape of update a user produces gets a deliberate answer: text, captions and their entities (forwarded
/// posts, media with a link), hidden links, edits, channel posts, membership changes, and kinds the bot does not
/// serve; none of them stops the others.
/// </summary>
public sealed class BotUpdateKindsTests(MotoFixture moto) : BotTestBed(moto)
{
    private const string Canonical = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";

    [Fact]
    public async Task A_forwarded_post_whose_caption_holds_a_link_without_a_scheme_is_fetched()
    {
        await StartBotAsync();
        var forward = Telegram.InjectVideoMessage(UserId, UserId, "Full version: youtu.be/dQw4w9WgXcQ", forwardedFromChannel: "Clips daily");

        var job = (await TakeJobsAsync(1)).Single();
        job.Request.ShouldBe(Canonical);
        job.JobId.ShouldBe(JobIds.For(BotKey, UserId, forward.Message!.MessageId, 0, Canonical));
        (await StatusOfAsync(job)).ReplyToMessageId.ShouldBe(forward.Message.MessageId);
    }

    [Fact]
    public async Task A_photo_with_a_link_in_its_caption_is_fetched_and_one_without_is_explained()
    {
        await StartBotAsync();
        Telegram.InjectPhotoMessage(UserId, UserId, caption: "the whole clip: https://example.com/clip.mp4");
        Telegram.InjectPhotoMessage(7001, 7001, caption: "my cat");

        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/clip.mp4");
        (await Telegram.WaitForMessageAsync(7001, cancellationToken: Ct)).Text.ShouldBe(BotReplies.NotText("photos"));
    }

    [Fact]
    public async Task A_link_hidden_behind_words_is_fetched()
    {
        await StartBotAsync();
        Telegram.InjectMessage(UserId, UserId, message =>
        {
            message.Text = "watch this one";
            message.Entities = [new MessageEntity { Type = "text_link", Offset = 6, Length = 4, Url = "https://youtu.be/dQw4w9WgXcQ?si=x" }];
        });

        (await TakeJobsAsync(1)).Single().Request.ShouldBe(Canonical);
    }

    [Fact]
    public async Task An_edit_asks_only_for_what_the_message_did_not_ask_before()
    {
        await StartBotAsync();
        var typo = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/clip.mp");
        var first = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(first);

        // The user fixes the link: a new request, answered in reply to the same message.
        Telegram.EditUserMessage(UserId, typo.Message!.MessageId, "https://example.com/clip.mp4");
        var second = (await TakeJobsAsync(1)).Single();
        second.Request.ShouldBe("https://example.com/clip.mp4");
        (await StatusOfAsync(second)).ReplyToMessageId.ShouldBe(typo.Message.MessageId);

        // An edit that keeps the link and adds words asks for nothing new; nor does one that changes nothing.
        Telegram.EditUserMessage(UserId, typo.Message.MessageId, "https://example.com/clip.mp4 thanks!");
        Telegram.EditUserMessage(UserId, typo.Message.MessageId, "https://example.com/clip.mp4 thanks!");
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/next.mp4");
        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/next.mp4");
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        await Telegram.WaitForMessageAsync(UserId, m => m.Text.EndsWith("next.mp4", StringComparison.Ordinal), cancellationToken: Ct);
        Telegram.MessagesTo(UserId).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_user_who_blocks_and_unblocks_the_bot_is_left_alone_meanwhile_and_served_again()
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/before.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(job);

        Telegram.BlockBot(UserId);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "x"));
        await WaitForResultsConsumedAsync();
        Telegram.CallCount("editMessageText").ShouldBe(0);

        Telegram.UnblockBot(UserId);
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/after.mp4");
        await StatusOfAsync((await TakeJobsAsync(1)).Single());
    }

    [Fact]
    public async Task Channel_posts_and_kinds_the_bot_does_not_serve_are_settled_without_a_word()
    {
        const string secret = "kinds-webhook-secret-0123456789";
        var bot = await StartWebhookBotAsync(secret);

        // Telegram sends what it was asked for; these come as a webhook would post them, asked for or not.
        const long channel = -1_001_234_567_890;
        var post = Telegram.InjectChannelPost(channel, "new episode: https://example.com/episode.mp4");
        string[] bodies =
        [
            TelegramBotApiEmulator.ToJson(post),
            TelegramBotApiEmulator.ToJson(new Update { UpdateId = post.UpdateId + 1000, EditedChannelPost = post.ChannelPost }),
            """{"update_id":424242,"message_reaction":{"chat":{"id":5151,"type":"private"},"message_id":1,"date":1,"old_reaction":[],"new_reaction":[{"type":"emoji","emoji":"👍"}]}}""",
            """{"update_id":424243,"poll":{"id":"1","question":"?","options":[],"total_voter_count":0,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}}""",
        ];
        using var http = new HttpClient();
        foreach (var body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AddressOf(bot), "/telegram/webhook"))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookEndpoint.SecretTokenHeader, secret);
            using var response = await http.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        }

        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/wanted.mp4");
        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/wanted.mp4");
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        Telegram.MessagesTo(channel).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_kind_of_update_in_one_batch_is_answered_and_none_stops_the_others()
    {
        const long group = -1_001_000_000_077;
        Telegram.AddBotToGroup(group, UserId);
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/1.mp4");
        Telegram.InjectStickerMessage(7002, 7002);
        Telegram.InjectVoiceMessage(7003, 7003);
        Telegram.InjectVideoMessage(7004, 7004, "youtu.be/dQw4w9WgXcQ", forwardedFromChannel: "A channel");
        var edited = Telegram.InjectTextMessage(7005, 7005, "https://example.com/old.mp4");
        Telegram.EditUserMessage(7005, edited.Message!.MessageId, "https://example.com/new.mp4");
        Telegram.InjectEmptyMessage(7006, 7006);
        Telegram.InjectTextMessage(group, UserId, "see you all tomorrow at the station");
        Telegram.InjectTextMessage(group, UserId, "/dl@OtherVideoBot https://youtu.be/aaaaaaaaaaa");
        Telegram.InjectAnonymousAdminMessage(group, "/dl https://example.com/admin.mp4");
        Telegram.InjectAutomaticForward(group, "https://example.com/channel-post.mp4");
        Telegram.InjectChannelPost(-1_001_000_000_078, "https://example.com/in-a-channel.mp4");
        Telegram.BlockBot(7007);

        await StartBotAsync();

        // Links: the message, the forward's caption, the old and the edited link, the anonymous administrator's.
        var jobs = await TakeJobsAsync(5);
        jobs.Select(j => j.Request).Order().ShouldBe(
            ["https://example.com/1.mp4", "https://example.com/admin.mp4", "https://example.com/new.mp4", "https://example.com/old.mp4", Canonical]);
        jobs.Single(j => j.Request.EndsWith("admin.mp4", StringComparison.Ordinal)).UserId.ShouldBe(group);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await Telegram.WaitForMessageAsync(7002, cancellationToken: Ct)).Text.ShouldBe(BotReplies.NotText("stickers"));
        (await Telegram.WaitForMessageAsync(7003, cancellationToken: Ct)).Text.ShouldBe(BotReplies.NotText("voice messages"));
        await Telegram.WaitForMessageAsync(group, m => m.Text == BotReplies.GroupHello, cancellationToken: Ct);
        await Telegram.WaitForMessageAsync(group, m => m.Text.EndsWith("admin.mp4", StringComparison.Ordinal), cancellationToken: Ct);
        Telegram.MessagesTo(group).Count.ShouldBe(2);
        Telegram.MessagesTo(7006).ShouldBeEmpty();
        Telegram.MessagesTo(7007).ShouldBeEmpty();
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
    }
}
