using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// Every error Telegram gives a send, met by each kind of send the bot makes (a status reply, the edit into the
/// final word, the video), handled as Telegram means it. The stand-in answers the one call with the error; the
/// assertions are what the user sees and what the bot does next.
/// </summary>
public abstract class BotTelegramErrorsTestBed(MotoFixture moto) : BotTestBed(moto)
{
    protected const long Private = 8181;
    protected const long BasicGroup = -8282;
    protected const long Supergroup = TelegramBotApiEmulator.SupergroupIdsBelow - 8282;
    protected const long Other = 8383;

    /// <summary>Each error by name, with the chat it is met in (403 "kicked" and the upgrade need a group).</summary>
    protected static (ApiFault Fault, long Chat) Error(string name) => name switch
    {
        "blocked" => (ApiFault.BlockedByUser(), Private),
        "deactivated" => (ApiFault.UserDeactivated(), Private),
        "chat not found" => (ApiFault.ChatNotFound(), Private),
        "kicked" => (ApiFault.KickedFromGroup(), BasicGroup),
        "migrated" => (ApiFault.GroupUpgraded(Supergroup), BasicGroup),
        "429" => (ApiFault.TooManyRequests(2), Private),
        "500" => (ApiFault.InternalServerError(), Private),
        "message to edit not found" => (ApiFault.MessageToEditNotFound(), Private),
        "not modified" => (ApiFault.MessageNotModified(), Private),
        "failed to get HTTP URL content" => (ApiFault.FailedToGetUrlContent(), Private),
        "413" => (ApiFault.RequestEntityTooLarge(), Private),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    protected static void ShouldBeUnchanged(BotMessage now, BotMessage before)
    {
        now.MessageId.ShouldBe(before.MessageId);
        now.TextHistory.ShouldBe(before.TextHistory);
    }

    /// <summary>The errors any send can meet; each test adds those of its own kind of send.</summary>
    public static TheoryData<string> ErrorsEverySendMeets => ["blocked", "deactivated", "chat not found", "kicked", "migrated", "429", "500"];

    protected static bool IsChatGone(string name) => name is "blocked" or "deactivated" or "chat not found" or "kicked";

    /// <summary>A user asks in <paramref name="chat"/> (a group asks with /dl) and the worker takes the job.</summary>
    protected async Task<JobMessage> AskAsync(long chat, string link)
    {
        if (chat == BasicGroup)
        {
            // The supergroup the group may turn into already exists, as it does once Telegram upgrades a group.
            Telegram.InjectTextMessage(Supergroup, 9999, "(the supergroup)");
        }

        Telegram.InjectTextMessage(chat, chat > 0 ? chat : 9999, chat > 0 ? link : $"/dl {link}");
        return (await TakeJobsAsync(1)).Single();
    }

    /// <summary>After a chat is gone, the bot writes there no more, and other chats are served.</summary>
    protected async Task ShouldServeOthersAndLeaveTheChatAloneAsync(long chat, JobMessage job)
    {
        var calls = Telegram.CallCount("sendMessage") + Telegram.CallCount("editMessageText") + Telegram.CallCount("sendVideo");
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.Unavailable, "again"));
        Telegram.InjectTextMessage(Other, Other, "https://example.com/other.mp4");
        await StatusOfAsync((await TakeJobsAsync(1)).Single());
        await WaitForResultsConsumedAsync();
        (Telegram.CallCount("sendMessage") + Telegram.CallCount("editMessageText") + Telegram.CallCount("sendVideo")).ShouldBe(calls + 1, $"only the other chat's status reply, nothing more to {chat}");
    }
}

public sealed class StatusReplyErrorsTests(MotoFixture moto) : BotTelegramErrorsTestBed(moto)
{
    [Theory]
    [MemberData(nameof(ErrorsEverySendMeets))]
    public async Task A_status_reply_meeting_each_error(string error)
    {
        var (fault, chat) = Error(error);
        await StartBotAsync();
        Telegram.FailNext("sendMessage", chat, fault);
        var job = await AskAsync(chat, "https://example.com/status.mp4");

        switch (error)
        {
            case var gone when IsChatGone(gone):
                await Telegram.WaitForCallsAsync("sendMessage", 1, cancellationToken: Ct);
                await ShouldServeOthersAndLeaveTheChatAloneAsync(chat, job);
                Telegram.MessagesTo(chat).ShouldBeEmpty();
                break;
            case "migrated":
                (await StatusOfAsync(job with { ChatId = Supergroup })).ChatId.ShouldBe(Supergroup);
                Telegram.MessagesTo(BasicGroup).ShouldBeEmpty();
                break;
            default:
                // Waited out or tried again: the reply arrives once.
                await StatusOfAsync(job);
                Telegram.CallCount("sendMessage").ShouldBe(2);
                Telegram.MessagesTo(chat).Count.ShouldBe(1);
                break;
        }

        Telegram.FloodRefusals.ShouldBe(0);
    }
}

public sealed class FinalEditErrorsTests(MotoFixture moto) : BotTelegramErrorsTestBed(moto)
{
    private static readonly JobFailure Failure = new(FailureReason.TooLong, "too long");

    [Theory]
    [MemberData(nameof(ErrorsEverySendMeets))]
    [InlineData("message to edit not found")]
    [InlineData("not modified")]
    public async Task The_final_edit_meeting_each_error(string error)
    {
        var (fault, chat) = Error(error);
        await StartBotAsync();
        var job = await AskAsync(chat, "https://example.com/final.mp4");
        var status = await StatusOfAsync(job);
        Telegram.FailNext("editMessageText", chat, fault);

        await ReportAsync(job, JobResultKind.Failed, failure: Failure);

        var final = BotReplies.Failed(Failure);
        switch (error)
        {
            case var gone when IsChatGone(gone):
                await WaitForResultsConsumedAsync();
                await ShouldServeOthersAndLeaveTheChatAloneAsync(chat, job);
                ShouldBeUnchanged(Telegram.MessagesTo(chat).ShouldHaveSingleItem(), status);
                break;
            case "migrated":
                // The status message stayed in the old group: the final word comes to the supergroup as a new message.
                (await Telegram.WaitForMessageAsync(Supergroup, m => m.Text == final, cancellationToken: Ct)).ReplyToMessageId.ShouldBeNull();
                Telegram.MessagesTo(BasicGroup).Single().IsEdited.ShouldBeFalse();
                break;
            case "message to edit not found":
                (await Telegram.WaitForMessageAsync(chat, m => m.Text == final, cancellationToken: Ct)).MessageId.ShouldNotBe(status.MessageId);
                break;
            case "not modified":
                // Telegram says the message already says it: done, and nothing sent again.
                await WaitForResultsConsumedAsync();
                Telegram.CallCount("editMessageText").ShouldBe(1);
                ShouldBeUnchanged(Telegram.MessagesTo(chat).ShouldHaveSingleItem(), status);
                break;
            default:
                (await Telegram.WaitForMessageAsync(chat, m => m.IsEdited, cancellationToken: Ct)).Text.ShouldBe(final);
                Telegram.CallCount("editMessageText").ShouldBe(2);
                break;
        }

        await WaitForResultsConsumedAsync();
        Telegram.FloodRefusals.ShouldBe(0);
    }
}

public sealed class VideoErrorsTests(MotoFixture moto) : BotTelegramErrorsTestBed(moto)
{
    [Theory]
    [MemberData(nameof(ErrorsEverySendMeets))]
    [InlineData("failed to get HTTP URL content")]
    [InlineData("413")]
    public async Task The_video_meeting_each_error(string error)
    {
        var (fault, chat) = Error(error);
        await StartBotAsync();
        var job = await AskAsync(chat, "https://example.com/video.mp4");
        await StatusOfAsync(job);
        var stored = await StoreVideoAsync(4096);
        Telegram.FailNext("sendVideo", chat, fault);

        await ReportAsync(job, JobResultKind.Succeeded, video: stored);

        // The final word with the link comes first, whatever happens to the video after it.
        await Telegram.WaitForMessageAsync(chat, m => m.Text.StartsWith("Done:", StringComparison.Ordinal), cancellationToken: Ct);
        switch (error)
        {
            case var gone when IsChatGone(gone):
                await WaitForResultsConsumedAsync();
                await ShouldServeOthersAndLeaveTheChatAloneAsync(chat, job);
                Telegram.VideosTo(chat).ShouldBeEmpty();
                break;
            case "migrated":
                (await Telegram.WaitForVideoAsync(Supergroup, cancellationToken: Ct)).Content.ShouldNotBeNull().Length.ShouldBe(4096);
                break;
            case "failed to get HTTP URL content" or "413":
                // Telegram would not take it: the link in the final message is the user's way to the video.
                await WaitForResultsConsumedAsync();
                Telegram.VideosTo(chat).ShouldBeEmpty();
                Telegram.CallCount("sendVideo").ShouldBe(1);
                break;
            default:
                (await Telegram.WaitForVideoAsync(chat, cancellationToken: Ct)).Content.ShouldNotBeNull().Length.ShouldBe(4096);
                Telegram.CallCount("sendVideo").ShouldBe(2);
                break;
        }

        await WaitForResultsConsumedAsync();
        Telegram.FloodRefusals.ShouldBe(0);
    }
}
