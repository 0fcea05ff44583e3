using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// Groups: the bot acts on commands for it or for no bot, on messages that mention it and on replies to its own
/// messages (and, by a setting, on any link), answers in the thread it was asked in, and leaves the group's own
/// conversation alone. A group that becomes a supergroup, or removes the bot, is followed.
/// </summary>
public sealed class BotGroupTests(MotoFixture moto) : BotTestBed(moto)
{
    private const long Group = -1_001_500_000_001;
    private const long Member = 6161;
    private const string BotUsername = "telegram_ai_emulated_bot";

    [Fact]
    public async Task The_groups_own_conversation_and_commands_for_other_bots_are_ignored_and_requests_to_the_bot_answered()
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(Group, Member, "see you all tomorrow at the station");
        Telegram.InjectTextMessage(Group, Member, "/dl@OtherVideoBot https://youtu.be/aaaaaaaaaaa");
        Telegram.InjectTextMessage(Group, Member, "https://example.com/just-shared.mp4");
        Telegram.InjectTextMessage(Group, Member, "/poll what's for lunch");
        var command = Telegram.InjectTextMessage(Group, Member, "/dl https://example.com/by-command.mp4");
        var addressed = Telegram.InjectTextMessage(Group, Member, $"/dl@{BotUsername} never gonna give you up");
        var mention = Telegram.InjectTextMessage(Group, Member, $"@{BotUsername} https://example.com/by-mention.mp4");

        var jobs = await TakeJobsAsync(3);
        jobs.Select(j => j.Request).Order().ShouldBe(["https://example.com/by-command.mp4", "https://example.com/by-mention.mp4", "never gonna give you up"]);
        jobs.ShouldAllBe(j => j.ChatId == Group && j.UserId == Member);
        (await StatusOfAsync(jobs.Single(j => j.Request.EndsWith("by-command.mp4", StringComparison.Ordinal)))).ReplyToMessageId.ShouldBe(command.Message!.MessageId);
        (await StatusOfAsync(jobs.Single(j => j.Kind == RequestKind.Search))).ReplyToMessageId.ShouldBe(addressed.Message!.MessageId);
        var byMention = await StatusOfAsync(jobs.Single(j => j.Request.EndsWith("by-mention.mp4", StringComparison.Ordinal)));
        byMention.ReplyToMessageId.ShouldBe(mention.Message!.MessageId);

        // A reply to one of the bot's messages is for the bot; so are /help and a command addressed to it.
        var reply = Telegram.InjectReply(Group, Member, byMention.MessageId, "and this one https://example.com/by-reply.mp4");
        Telegram.InjectTextMessage(Group, Member, "/help");
        Telegram.InjectTextMessage(Group, Member, $"/nonsense@{BotUsername}");
        var fourth = (await TakeJobsAsync(1)).Single();
        fourth.Request.ShouldBe("https://example.com/by-reply.mp4");
        (await StatusOfAsync(fourth)).ReplyToMessageId.ShouldBe(reply.Message!.MessageId);
        await Telegram.WaitForMessageAsync(Group, m => m.Text == BotReplies.Help, cancellationToken: Ct);
        await Telegram.WaitForMessageAsync(Group, m => m.Text == BotReplies.UnknownCommand, cancellationToken: Ct);

        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        Telegram.MessagesTo(Group).Count.ShouldBe(6);
    }

    [Fact]
    public async Task With_group_links_on_every_link_is_fetched_and_the_conversation_still_ignored()
    {
        await StartBotAsync(settings => settings["Bot:GroupLinks"] = "true");
        Telegram.InjectTextMessage(Group, Member, "see you all tomorrow at the station");
        Telegram.InjectTextMessage(Group, Member, "look https://example.com/shared.mp4");
        Telegram.InjectTextMessage(Group, Member, "/dl@OtherVideoBot https://example.com/not-ours.mp4");
        Telegram.InjectAutomaticForward(Group, "new post: https://example.com/channel.mp4");

        var job = (await TakeJobsAsync(1)).Single();
        job.Request.ShouldBe("https://example.com/shared.mp4");
        await StatusOfAsync(job);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        Telegram.MessagesTo(Group).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_request_in_a_forum_topic_is_answered_in_that_topic_to_the_end()
    {
        await StartBotAsync();
        var topic = Telegram.CreateForumTopic(Group, Member);
        Telegram.InjectTopicMessage(Group, Member, topic, "/dl https://example.com/in-a-topic.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        var status = await StatusOfAsync(job);
        status.MessageThreadId.ShouldBe(topic);

        // The status message is gone when the result comes: the new message goes to the same topic, with the video.
        Telegram.DeleteMessage(Group, status.MessageId).ShouldBeTrue();
        await ReportAsync(job, JobResultKind.Succeeded, video: await StoreVideoAsync(2048));

        var done = await Telegram.WaitForMessageAsync(Group, m => m.Text.StartsWith("Done:", StringComparison.Ordinal), cancellationToken: Ct);
        done.MessageThreadId.ShouldBe(topic);
        (await Telegram.WaitForVideoAsync(Group, cancellationToken: Ct)).MessageThreadId.ShouldBe(topic);
    }

    [Fact]
    public async Task A_group_that_adds_the_bot_is_greeted_once_and_one_that_removes_it_is_not_written_to_again()
    {
        await StartBotAsync();
        Telegram.AddBotToGroup(Group, Member, asAdministrator: true);
        (await Telegram.WaitForMessageAsync(Group, cancellationToken: Ct)).Text.ShouldBe(BotReplies.GroupHello);
        Telegram.InjectTextMessage(Group, Member, "/dl https://example.com/before-removal.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(job);

        Telegram.RemoveBotFromChat(Group, Member);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        var edits = Telegram.CallCount("editMessageText");
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.Unavailable, "x"));
        await WaitForResultsConsumedAsync();

        Telegram.CallCount("editMessageText").ShouldBe(edits);
        Telegram.MessagesTo(Group).Count.ShouldBe(2);

        // Added back: served again (and greeted again, as a new arrival).
        Telegram.AddBotToGroup(Group, Member);
        Telegram.InjectTextMessage(Group, Member, "/dl https://example.com/after.mp4");
        await StatusOfAsync((await TakeJobsAsync(1)).Single());
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_gets_its_answers_in_the_supergroup()
    {
        const long basicGroup = -4242;
        await StartBotAsync();
        var asked = Telegram.InjectTextMessage(basicGroup, Member, "/dl https://example.com/before-upgrade.mp4");
        var job = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(job);

        var supergroup = Telegram.MigrateToSupergroup(basicGroup, Member);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "x"));

        // The old status message stays behind in the old group: the result comes as a new message in the supergroup.
        var answer = await Telegram.WaitForMessageAsync(supergroup, cancellationToken: Ct);
        answer.Text.ShouldBe(BotReplies.Failed(new JobFailure(FailureReason.TooLong, "x")));
        Telegram.InjectTextMessage(supergroup, Member, "/dl https://example.com/after-upgrade.mp4");
        (await StatusOfAsync((await TakeJobsAsync(1)).Single())).ChatId.ShouldBe(supergroup);
        Telegram.MessagesTo(basicGroup).Single().IsEdited.ShouldBeFalse();
        asked.Message.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_send_refused_with_migrate_to_chat_id_is_sent_again_there_and_the_new_id_remembered()
    {
        const long basicGroup = -4343;
        const long supergroup = TelegramBotApiEmulator.SupergroupIdsBelow - 4343;
        await StartBotAsync();

        // Telegram says so before the bot has seen the service messages: the refusal alone must be enough.
        Telegram.InjectTextMessage(supergroup, Member, "(the supergroup exists)");
        Telegram.FailNext("sendMessage", basicGroup, ApiFault.GroupUpgraded(supergroup));
        Telegram.InjectTextMessage(basicGroup, Member, "/dl https://example.com/moved.mp4");

        var job = (await TakeJobsAsync(1)).Single();
        job.ChatId.ShouldBe(basicGroup);
        var status = await StatusOfAsync(job with { ChatId = supergroup });
        status.ChatId.ShouldBe(supergroup);

        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.Unavailable, "x"));
        (await Telegram.WaitForMessageAsync(supergroup, m => m.IsEdited, cancellationToken: Ct)).MessageId.ShouldBe(status.MessageId);
        Telegram.MessagesTo(basicGroup).ShouldBeEmpty();
    }
}
