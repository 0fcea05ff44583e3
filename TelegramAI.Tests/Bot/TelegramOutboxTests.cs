using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Outbound;
using TelegramAI.Bot.State;
using TelegramAI.Bot.Telegram;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// The outbox's choices under Telegram's limits, against the stand-in, with the clock in the test's hands
/// (<see cref="FakeTimeProvider"/>): which message goes first, how fast a chat is written to, what a 429 holds up,
/// and which progress edits are merged or dropped.
/// </summary>
public sealed class TelegramOutboxTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder state = new();
    private readonly HttpClient http = new();
    private TelegramBotApiEmulator telegram = null!;
    private ITelegramBotClient client = null!;
    private BotStateStore store = null!;
    private TelegramOutbox? outbox;

    /// <summary>What the outbox logged.</summary>
    private Microsoft.Extensions.Logging.Testing.FakeLogger<TelegramOutbox> OutboxLog { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        telegram = await TelegramBotApiEmulator.StartAsync(cancellationToken: Ct);

        // Telegram.Bot's own wait on a 429 is off here: the outbox's hold is what is watched.
        client = new TelegramBotClient(new TelegramBotClientOptions(telegram.BotToken, telegram.BaseUrl.GetLeftPart(UriPartial.Authority)) { RetryThreshold = 0 }, http);
    }

    public async ValueTask DisposeAsync()
    {
        if (outbox is not null)
        {
            await outbox.StopAsync(CancellationToken.None);
            outbox.Dispose();
        }

        store?.Dispose();
        await telegram.DisposeAsync();
        http.Dispose();
        state.Dispose();
    }

    /// <summary>An outbox on the fake clock; one call at a time, so that the order of calls is the order chosen.</summary>
    private TelegramOutbox Start(double perSecond, double chatPerSecond = 1, int concurrency = 1)
    {
        var limits = new TelegramOptions
        {
            BotToken = telegram.BotToken,
            ApiBaseUrl = telegram.BaseUrl.ToString(),
            MessagesPerSecond = perSecond,
            ChatMessagesPerSecond = chatPerSecond,
            FloodMargin = 0,
        };
        var settings = new BotOptions { StateDirectory = state.FullPath, ReplyConcurrency = concurrency };
        store = new BotStateStore(Options.Create(settings), Options.Create(limits), new HostingEnvironment { EnvironmentName = "Test" }, time, NullLogger<StateJournal>.Instance);
        outbox = new TelegramOutbox(client, store.Chats, Options.Create(limits), Options.Create(settings), time, OutboxLog);
        return outbox;
    }

    private long[] Users(int count)
    {
        var users = Enumerable.Range(1, count).Select(i => 700L + i).ToArray();
        foreach (var user in users)
        {
            telegram.InjectTextMessage(user, user, "hi");
        }

        return users;
    }

    [Fact]
    public async Task Final_results_go_before_replies_and_replies_before_progress_whatever_the_order_they_came_in()
    {
        var users = Users(7);
        var box = Start(perSecond: 1);
        OutboxTicket[] posted =
        [
            box.Post(new OutgoingText(users[0], "progress 1", OutboundPriority.Progress)),
            box.Post(new OutgoingText(users[1], "reply 1", OutboundPriority.Reply)),
            box.Post(new OutgoingText(users[2], "progress 2", OutboundPriority.Progress)),
            box.Post(new OutgoingText(users[3], "reply 2", OutboundPriority.Reply)),
            box.Post(new OutgoingText(users[4], "final", OutboundPriority.Final)),
            box.Post(new OutgoingText(users[5], "reply 3", OutboundPriority.Reply)),
            box.Post(new OutgoingText(users[6], "progress 3", OutboundPriority.Progress)),
        ];
        await box.StartAsync(Ct);

        // One a second overall: each second of the clock lets exactly the next one go.
        string[] expected = ["final", "reply 1", "reply 2", "reply 3", "progress 1", "progress 2", "progress 3"];
        for (var i = 0; i < expected.Length; i++)
        {
            var next = posted.Single(ticket => ((OutgoingText)ticket.Message).Text == expected[i]);
            (await next.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Outcome.ShouldBe(OutboxOutcome.Sent);
            posted.Count(ticket => ticket.Completion.IsCompleted).ShouldBe(i + 1, $"only {expected[i]} and those before it have gone");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        telegram.FloodRefusals.ShouldBe(0);
    }

    [Fact]
    public async Task One_chat_is_written_to_once_a_second_while_other_chats_go_on()
    {
        var users = Users(2);
        var box = Start(perSecond: 30, chatPerSecond: 1, concurrency: 4);
        await box.StartAsync(Ct);

        var first = box.Post(new OutgoingText(users[0], "one", OutboundPriority.Reply));
        var second = box.Post(new OutgoingText(users[0], "two", OutboundPriority.Reply));
        var elsewhere = box.Post(new OutgoingText(users[1], "elsewhere", OutboundPriority.Reply));

        await first.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await elsewhere.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        time.Advance(TimeSpan.FromMilliseconds(900));
        await AssertNotYetAsync(second);

        time.Advance(TimeSpan.FromMilliseconds(100));
        (await second.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Message!.Text.ShouldBe("two");
        telegram.MessagesTo(users[0]).Select(m => m.Text).ShouldBe(["one", "two"]);
    }

    [Fact]
    public async Task A_429_holds_its_chat_for_retry_after_and_no_other()
    {
        var users = Users(2);
        telegram.FailNext("sendMessage", users[0], ApiFault.TooManyRequests(5));
        var box = Start(perSecond: 30, concurrency: 4);
        await box.StartAsync(Ct);

        var held = box.Post(new OutgoingText(users[0], "held", OutboundPriority.Final));
        await Condition.WaitUntilAsync(
            () => Task.FromResult(OutboxLog.Collector.GetSnapshot().Any(r => r.Message.Contains("Telegram asked to wait 5 s", StringComparison.Ordinal))),
            "the outbox to take Telegram's 429");
        var free = box.Post(new OutgoingText(users[1], "free", OutboundPriority.Reply));
        (await free.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Outcome.ShouldBe(OutboxOutcome.Sent);

        time.Advance(TimeSpan.FromSeconds(4));
        await AssertNotYetAsync(held);
        time.Advance(TimeSpan.FromSeconds(1));
        (await held.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Outcome.ShouldBe(OutboxOutcome.Sent);
        telegram.CallCount("sendMessage").ShouldBe(3);
    }

    [Fact]
    public async Task Progress_edits_waiting_for_a_chat_are_merged_into_the_newest_and_dropped_when_stale()
    {
        var users = Users(2);
        var box = Start(perSecond: 30, concurrency: 4);
        await box.StartAsync(Ct);
        var status = (await box.Post(new OutgoingText(users[0], "Your video is being downloaded...", OutboundPriority.Reply)).Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Message!;
        var key = OutboxKeys.Progress(users[0], status.Id);

        // The chat's second is not up: three progress edits come, only the newest is kept.
        var p10 = box.Post(new OutgoingEdit(users[0], status.Id, "Downloading... 10%", OutboundPriority.Progress) { Key = key });
        var p20 = box.Post(new OutgoingEdit(users[0], status.Id, "Downloading... 20%", OutboundPriority.Progress) { Key = key });
        var p30 = box.Post(new OutgoingEdit(users[0], status.Id, "Downloading... 30%", OutboundPriority.Progress) { Key = key });
        (await p10.Completion).Outcome.ShouldBe(OutboxOutcome.Cancelled);
        (await p20.Completion).Outcome.ShouldBe(OutboxOutcome.Cancelled);
        time.Advance(TimeSpan.FromSeconds(1));
        (await p30.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Outcome.ShouldBe(OutboxOutcome.Sent);

        // One that waits longer than Bot__ProgressStaleAfter (30 s) for its chat is old news, dropped unsent.
        var other = (await box.Post(new OutgoingText(users[1], "Your video is being downloaded...", OutboundPriority.Reply)).Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Message!;
        telegram.FailNext("editMessageText", users[1], ApiFault.TooManyRequests(40));
        var blocker = box.Post(new OutgoingEdit(users[1], other.Id, "Downloading... 1%", OutboundPriority.Progress));
        time.Advance(TimeSpan.FromSeconds(1));
        await telegram.WaitForCallsAsync("editMessageText", 2, cancellationToken: Ct);
        var stale = box.Post(new OutgoingEdit(users[1], other.Id, "Downloading... 2%", OutboundPriority.Progress) { Key = OutboxKeys.Progress(users[1], other.Id) });
        time.Advance(TimeSpan.FromSeconds(41));
        (await stale.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Outcome.ShouldBe(OutboxOutcome.Stale);
        (await blocker.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct)).Outcome.ShouldBe(OutboxOutcome.Stale);
        telegram.CallCount("editMessageText").ShouldBe(2);
        telegram.MessagesTo(users[0]).Single().TextHistory.ShouldBe(["Your video is being downloaded...", "Downloading... 30%"]);
        telegram.MessagesTo(users[1]).Single().IsEdited.ShouldBeFalse();
    }

    [Fact]
    public async Task A_status_reply_still_waiting_can_be_called_off_and_one_under_way_is_found()
    {
        var users = Users(1);
        var box = Start(perSecond: 30, concurrency: 4);
        await box.StartAsync(Ct);
        var first = box.Post(new OutgoingText(users[0], "first", OutboundPriority.Reply));
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        var jobId = Guid.NewGuid();
        var status = box.Post(new OutgoingText(users[0], "status", OutboundPriority.Reply) { Key = OutboxKeys.Status(jobId) });
        box.TryFind(OutboxKeys.Status(jobId), out var found).ShouldBeTrue();
        found.ShouldBeSameAs(status);
        box.TryCancel(OutboxKeys.Status(jobId)).ShouldBeTrue();
        (await status.Completion).Outcome.ShouldBe(OutboxOutcome.Cancelled);
        box.TryFind(OutboxKeys.Status(jobId), out _).ShouldBeFalse();

        time.Advance(TimeSpan.FromSeconds(2));
        telegram.MessagesTo(users[0]).Select(m => m.Text).ShouldBe(["first"]);
    }

    /// <summary>
    /// The message has not gone: no call reached the stand-in within a short look (any call would change its state
    /// at once), and the ticket is still open. The outbox waits on the fake clock, which has not moved.
    /// </summary>
    private async Task AssertNotYetAsync(OutboxTicket ticket)
    {
        var calls = telegram.CallCount(ticket.Message.Method);
        await telegram.WaitForChangeAsync(telegram.Version, TimeSpan.FromMilliseconds(300), Ct);
        telegram.CallCount(ticket.Message.Method).ShouldBe(calls);
        ticket.Completion.IsCompleted.ShouldBeFalse();
    }
}
