using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// Telegram's flood limits, enforced by the stand-in as Telegram publishes them, and kept by the bot by itself:
/// queuing jobs does not wait on Telegram's send rate, and a burst is answered without a single 429.
/// </summary>
public sealed class BotFloodLimitsTests(MotoFixture moto) : BotTestBed(moto)
{
    [Fact]
    public async Task A_burst_from_many_chats_and_a_busy_group_is_answered_without_one_429()
    {
        const long group = -1_001_600_000_001;
        await StartBotAsync(settings => settings["Bot:RateLimit"] = "100");
        Telegram.FloodLimits.ShouldBe(FloodLimits.Telegram);
        var chats = Enumerable.Range(0, 90).Select(i => 20_000L + i).ToList();
        foreach (var chat in chats)
        {
            Telegram.InjectTextMessage(chat, chat, $"https://example.com/burst/{chat}.mp4");
        }

        // One user asks for three videos at once; a group asks eight times.
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/a.mp4 https://example.com/b.mp4 https://example.com/c.mp4");
        for (var i = 0; i < 8; i++)
        {
            Telegram.InjectTextMessage(group, UserId, $"/dl https://example.com/group/{i}.mp4");
        }

        var jobs = await TakeJobsAsync(90 + 3 + 8, TimeSpan.FromSeconds(60));
        foreach (var job in jobs)
        {
            await StatusOfAsync(job, TimeSpan.FromSeconds(90));
        }

        Telegram.FloodRefusals.ShouldBe(0);
        jobs.Select(j => j.JobId).Distinct().Count().ShouldBe(101);
        Telegram.MessagesTo(group).Count.ShouldBe(8);
    }

    [Fact]
    public async Task Jobs_are_queued_and_updates_confirmed_while_telegram_takes_no_message_and_the_replies_follow()
    {
        await StartBotAsync();
        Telegram.FailNext("sendMessage", ApiFault.InternalServerError(), times: 10_000);
        var chats = Enumerable.Range(0, 20).Select(i => 30_000L + i).ToList();
        foreach (var chat in chats)
        {
            Telegram.InjectTextMessage(chat, chat, $"https://example.com/unanswered/{chat}.mp4");
        }

        // Every job is on the queue, and Telegram was told the updates are handled, with not one reply out.
        var jobs = await TakeJobsAsync(20);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        chats.ShouldAllBe(chat => Telegram.MessagesTo(chat).Count == 0);

        Telegram.ClearFaults();
        foreach (var job in jobs)
        {
            await StatusOfAsync(job, TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task A_final_result_arriving_before_its_status_reply_takes_its_place()
    {
        await StartBotAsync();
        Telegram.FailNext("sendMessage", UserId, ApiFault.InternalServerError(), times: 10_000);
        var asked = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/quick.mp4");
        var job = (await TakeJobsAsync(1)).Single();

        // The worker is quicker than Telegram: the result comes while the status reply still waits.
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "x"));
        await Telegram.WaitForCallsAsync("sendMessage", 2, cancellationToken: Ct);
        Telegram.ClearFaults();

        // One message, the final word, in reply to the request (as a new message, or the status reply edited if
        // it happened to be under way when the result came).
        var final = BotReplies.Failed(new JobFailure(FailureReason.TooLong, "x"));
        var answer = await Telegram.WaitForMessageAsync(UserId, m => m.Text == final, cancellationToken: Ct);
        answer.ReplyToMessageId.ShouldBe(asked.Message!.MessageId);
        await WaitForResultsConsumedAsync();
        Telegram.MessagesTo(UserId).Count.ShouldBe(1);
    }
}
