using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>The conversation, end to end: a user writes through the Bot API stand-in, the real bot host answers and enqueues on moto.</summary>
public sealed class BotConversationTests(MotoFixture moto) : BotTestBed(moto)
{
    [Fact]
    public async Task Start_and_help_explain_the_bot_and_start_no_job()
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId, "/start");
        Telegram.InjectTextMessage(UserId, UserId, "/help@telegram_ai_emulated_bot");
        Telegram.InjectTextMessage(UserId, UserId, "/nonsense");

        await Telegram.WaitForMessageAsync(UserId, m => m.Text == BotReplies.UnknownCommand, cancellationToken: Ct);
        Telegram.MessagesTo(UserId).Select(m => m.Text).ShouldBe([BotReplies.Help, BotReplies.Help, BotReplies.UnknownCommand]);
        BotReplies.Help.ShouldContain("link");
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("look at this https://youtu.be/dQw4w9WgXcQ?si=abc123 !")]
    [InlineData("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123")]
    [InlineData("https://music.youtube.com/watch?v=dQw4w9WgXcQ&si=x")]
    [InlineData("https://youtube.com/shorts/dQw4w9WgXcQ?feature=share")]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/live/dQw4w9WgXcQ?si=q")]
    [InlineData("youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/attribution_link?a=x&u=/watch%3Fv%3DdQw4w9WgXcQ%26feature%3Dshare")]
    [InlineData("https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DdQw4w9WgXcQ&gl=DE")]
    public async Task A_youtube_link_in_any_common_form_gets_a_status_message_and_one_canonical_job(string text)
    {
        await StartBotAsync();
        var before = DateTimeOffset.UtcNow;
        var update = Telegram.InjectTextMessage(UserId, UserId, text);

        var status = await Telegram.WaitForMessageAsync(UserId, cancellationToken: Ct);
        status.Text.ShouldStartWith("Your video is being downloaded...");
        status.ReplyToMessageId.ShouldBe(update.Message!.MessageId);

        var received = (await Jobs.ReceiveAsync(10, TimeSpan.FromSeconds(10), Ct)).ShouldHaveSingleItem();
        var job = received.Body.ShouldNotBeNull();
        job.SchemaVersion.ShouldBe(JobMessage.CurrentSchemaVersion);
        job.Kind.ShouldBe(RequestKind.Url);
        job.Request.ShouldBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        job.ChatId.ShouldBe(UserId);
        job.UserId.ShouldBe(UserId);
        job.StatusMessageId.ShouldBeNull();
        job.JobId.ShouldBe(JobIds.For(BotKey, UserId, update.Message.MessageId, 0, job.Request));
        job.RequestedAt.ShouldBeGreaterThanOrEqualTo(before.AddSeconds(-1));

        // The update's trace continues in the job's message attributes.
        received.TraceParent.TraceId.ToString().ShouldNotBe(default(System.Diagnostics.ActivityTraceId).ToString());
    }

    [Fact]
    public async Task One_trace_runs_from_the_update_through_the_job_to_the_status_reply_and_the_final_edit()
    {
        // The bot's spans, as any exporter would get them: only the bot's source, only this test's chat.
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == TelegramAI.Bot.BotTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        const long chat = 4747;
        await StartBotAsync();
        Telegram.InjectTextMessage(chat, chat, "https://example.com/traced.mp4");

        var received = (await Jobs.ReceiveAsync(1, TimeSpan.FromSeconds(10), Ct)).Single();
        var job = received.Body!;
        await StatusOfAsync(job);
        using (new System.Diagnostics.Activity("process job")
                   .SetParentId(received.TraceParent.TraceId, received.TraceParent.SpanId, received.TraceParent.TraceFlags).Start())
        {
            // The worker reports inside the job's span, as its JobProcessor does.
            await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "x"));
        }

        await Telegram.WaitForMessageAsync(chat, m => m.IsEdited, cancellationToken: Ct);

        // The update's span is the job's parent (its context rode in the SQS message) and the status reply's.
        var trace = received.TraceParent.TraceId;
        await WaitUntilAsync(
            () => Task.FromResult(spans.Any(s => s.DisplayName == "telegram editMessageText" && s.GetTagItem("telegram.chat_id") is chat)),
            "the final edit's span");
        spans.ShouldContain(s => s.DisplayName == "telegram update" && s.TraceId == trace);
        spans.ShouldContain(s => s.DisplayName == "telegram sendMessage" && (long?)s.GetTagItem("telegram.chat_id") == chat && s.TraceId == trace);
        var reported = spans.Single(s => s.DisplayName == "report result" && (Guid?)s.GetTagItem("telegramai.job_id") == job.JobId);
        reported.TraceId.ShouldBe(trace);
        spans.ShouldContain(s => s.DisplayName == "telegram editMessageText" && s.ParentSpanId == reported.SpanId && s.TraceId == trace);
    }

    [Fact]
    public async Task Each_link_of_a_message_gets_its_own_status_and_job_up_to_five()
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId,
            "https://example.com/a.mp4 https://youtu.be/aaaaaaaaaaa https://www.youtube.com/watch?v=aaaaaaaaaaa " +
            "https://example.com/b.mp4, https://vimeo.com/123 https://example.org/c https://example.org/d");

        var jobs = await TakeJobsAsync(5);
        await Telegram.WaitForMessageAsync(UserId, m => m.Text.Contains("skipped 1 more", StringComparison.Ordinal), cancellationToken: Ct);

        jobs.Select(j => j.Request).Order().ShouldBe(
            ["https://example.com/a.mp4", "https://example.com/b.mp4", "https://example.org/c", "https://vimeo.com/123", "https://www.youtube.com/watch?v=aaaaaaaaaaa"]);
        jobs.Select(j => j.JobId).Distinct().Count().ShouldBe(5);
        foreach (var job in jobs)
        {
            await StatusOfAsync(job);
        }

        Telegram.MessagesTo(UserId).Count(m => m.Text.StartsWith("Your video", StringComparison.Ordinal)).ShouldBe(5);
    }

    [Fact]
    public async Task Plain_words_become_a_search_for_the_first_youtube_result()
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId, "  never gonna give you up  ");

        var job = (await TakeJobsAsync(1)).Single();
        job.Kind.ShouldBe(RequestKind.Search);
        job.Request.ShouldBe("never gonna give you up");
        (await Telegram.WaitForMessageAsync(UserId, cancellationToken: Ct)).Text.ShouldContain("Searching YouTube for \"never gonna give you up\"");
    }

    [Fact]
    public async Task A_search_as_long_as_Telegram_allows_still_gets_its_status_reply_and_its_job()
    {
        await StartBotAsync();
        var words = string.Join(' ', Enumerable.Repeat("cats", 1000))[..4090];
        Telegram.InjectTextMessage(UserId, UserId, words);

        var job = (await TakeJobsAsync(1)).Single();
        job.Request.ShouldBe(words.Trim());
        var reply = await Telegram.WaitForMessageAsync(UserId, cancellationToken: Ct);
        reply.Text.ShouldStartWith("Searching YouTube for \"cats cats");
        reply.Text.Length.ShouldBeLessThanOrEqualTo(4096);
    }

    [Fact]
    public async Task A_user_who_blocks_the_bot_right_after_asking_is_not_written_to_and_the_job_settles_without_a_word()
    {
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/unwanted.mp4");
        Telegram.BlockBot(UserId);

        // The job is queued (queuing never waits for Telegram); the status reply is refused with 403, or not even
        // tried once the bot knows of the block; and the other chats are served all the same.
        var job = (await TakeJobsAsync(1)).Single();
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        Telegram.InjectTextMessage(31337, 31337, "https://example.com/wanted.mp4");
        var other = (await TakeJobsAsync(1)).Single();
        other.Request.ShouldBe("https://example.com/wanted.mp4");
        await StatusOfAsync(other);

        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.Unavailable, "gone"));
        await WaitForResultsConsumedAsync();
        Telegram.CallCount("sendMessage").ShouldBeLessThanOrEqualTo(2);
        Telegram.CallCount("editMessageText").ShouldBe(0);
        Telegram.MessagesTo(UserId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_answer_and_no_job()
    {
        await StartBotAsync();
        var cases = new (long Chat, Action<long> Send, string Expected)[]
        {
            (9001, chat => Telegram.InjectStickerMessage(chat, chat), "stickers"),
            (9002, chat => Telegram.InjectPhotoMessage(chat, chat), "photos"),
            (9003, chat => Telegram.InjectVoiceMessage(chat, chat), "voice messages"),
            (9004, chat => Telegram.InjectVideoMessage(chat, chat, caption: "my holiday"), "videos without a link"),
            (9005, chat => Telegram.InjectTextMessage(chat, chat, "javascript:alert(1)"), "only http and https"),
            (9006, chat => Telegram.InjectTextMessage(chat, chat, "file:///etc/passwd"), "only http and https"),
            (9007, chat => Telegram.InjectTextMessage(chat, chat, "ftp://example.com/video.mp4"), "only http and https"),
            (9008, chat => Telegram.InjectTextMessage(chat, chat, "http://localhost:8080/video.mp4"), "private or local address"),
            (9009, chat => Telegram.InjectTextMessage(chat, chat, "http://127.0.0.1/video.mp4"), "private or local address"),
            (9010, chat => Telegram.InjectTextMessage(chat, chat, "http://10.1.2.3/video.mp4"), "private or local address"),
            (9011, chat => Telegram.InjectTextMessage(chat, chat, "http://192.168.0.10/video.mp4"), "private or local address"),
            (9012, chat => Telegram.InjectTextMessage(chat, chat, "http://169.254.169.254/latest/meta-data/"), "private or local address"),
            (9013, chat => Telegram.InjectTextMessage(chat, chat, "http://[::1]:8080/video.mp4"), "private or local address"),
            (9014, chat => Telegram.InjectTextMessage(chat, chat, new string('a', 4097)), "too long"),
            (9015, chat => Telegram.InjectTextMessage(chat, chat, "   "), "empty message"),
        };
        foreach (var (chat, send, _) in cases)
        {
            send(chat);
        }

        foreach (var (chat, _, expected) in cases)
        {
            var answer = await Telegram.WaitForMessageAsync(chat, cancellationToken: Ct);
            answer.Text.ShouldContain(expected, Case.Insensitive, $"chat {chat}");
        }

        // Everything before this was settled without a job: the only job on the queue is this one's.
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/ok.mp4");
        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/ok.mp4");
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        cases.ShouldAllBe(c => Telegram.MessagesTo(c.Chat).Count == 1);
    }

    [Fact]
    public async Task A_service_message_asks_nothing_and_gets_no_answer()
    {
        await StartBotAsync();
        Telegram.InjectEmptyMessage(9016, 9016);
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/after.mp4");

        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/after.mp4");
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        Telegram.MessagesTo(9016).ShouldBeEmpty();
    }

    [Fact]
    public async Task Private_hosts_are_allowed_when_downloads_allow_them_for_local_development()
    {
        await StartBotAsync(settings => settings["Downloads:AllowPrivateHosts"] = "true");
        Telegram.InjectTextMessage(UserId, UserId, "http://127.0.0.1:8000/video.mp4");

        (await TakeJobsAsync(1)).Single().Request.ShouldBe("http://127.0.0.1:8000/video.mp4");
    }

    [Fact]
    public async Task A_chat_over_its_limit_is_told_when_to_try_again_and_other_chats_are_not_affected()
    {
        await StartBotAsync(settings => settings["Bot:RateLimit"] = "2");
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/1.mp4");
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/2.mp4");
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/3.mp4");
        Telegram.InjectTextMessage(777, 777, "https://example.com/other.mp4");

        var refusal = await Telegram.WaitForMessageAsync(UserId, m => m.Text.StartsWith("You have started too many", StringComparison.Ordinal), cancellationToken: Ct);
        refusal.Text.ShouldMatch(@"try again in (5\d|60) seconds");
        (await TakeJobsAsync(3)).Select(j => j.Request).Order().ShouldBe(
            ["https://example.com/1.mp4", "https://example.com/2.mp4", "https://example.com/other.mp4"]);
    }

    [Fact]
    public async Task With_an_allowlist_other_chats_are_refused()
    {
        await StartBotAsync(settings => settings["Bot:AllowedChatIds:0"] = "-100200");
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/1.mp4");
        Telegram.InjectTextMessage(-100200, UserId, "/dl https://example.com/group.mp4");

        (await Telegram.WaitForMessageAsync(UserId, cancellationToken: Ct)).Text.ShouldBe(BotReplies.NotAllowed);
        (await TakeJobsAsync(1)).Single().ChatId.ShouldBe(-100200);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
    }

    [Fact]
    public async Task A_burst_from_many_chats_is_enqueued_whole_and_each_chat_is_answered_in_order()
    {
        await StartBotAsync(settings => settings["Bot:RateLimit"] = "100");
        var sent = new List<(long Chat, string Link)>();
        for (var i = 0; i < 45; i++)
        {
            var chat = 6000 + (i % 5);
            var link = $"https://example.com/burst/{i}.mp4";
            Telegram.InjectTextMessage(chat, chat, link);
            sent.Add((chat, link));
        }

        var jobs = await TakeJobsAsync(45);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);

        // The status replies follow at Telegram's pace (one a second per chat), each chat's in the order asked.
        jobs.Select(j => j.Request).Order().ShouldBe(sent.Select(s => s.Link).Order());
        foreach (var chat in sent.GroupBy(s => s.Chat))
        {
            await WaitUntilAsync(() => Task.FromResult(Telegram.MessagesTo(chat.Key).Count == 9), $"nine status replies in chat {chat.Key}", TimeSpan.FromSeconds(60));
            Telegram.MessagesTo(chat.Key).Select(m => m.Text.Split('\n')[^1]).ShouldBe(chat.Select(s => s.Link));
        }

        Telegram.FloodRefusals.ShouldBe(0);

        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
    }
}
