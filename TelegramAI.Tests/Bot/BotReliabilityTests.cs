using TelegramAI.Contracts.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Receiving;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>Restarts, outages, flood limits, the webhook and secrets.</summary>
public sealed class BotReliabilityTests(MotoFixture moto) : BotTestBed(moto)
{
    [Fact]
    public async Task A_restart_between_receiving_and_enqueuing_loses_nothing_and_duplicates_nothing()
    {
        var sqs = new SqsSwitch { Batches = SqsSwitch.Mode.Hold };
        var first = await StartBotAsync(services: services => sqs.Install(services, Moto));
        var one = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/one.mp4 https://example.com/two.mp4");
        var other = Telegram.InjectTextMessage(31337, 31337, "some search words");

        // The jobs are on their way to SQS, the status replies not yet out: the host goes down now.
        await sqs.Entered.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await StopBotAsync(first);
        Telegram.PendingUpdateCount.ShouldBe(2);

        await StartBotAsync();
        var jobs = await TakeJobsAsync(3);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);

        // As the user sees it: one status message per request, one job per request.
        foreach (var job in jobs)
        {
            await StatusOfAsync(job);
        }

        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        Telegram.MessagesTo(UserId).Count.ShouldBe(2);
        Telegram.MessagesTo(31337).Count.ShouldBe(1);
        jobs.Select(j => j.JobId).Order().ShouldBe(
            new[]
            {
                JobIds.For(BotKey, UserId, one.Message!.MessageId, 0, "https://example.com/one.mp4"),
                JobIds.For(BotKey, UserId, one.Message.MessageId, 1, "https://example.com/two.mp4"),
                JobIds.For(BotKey, 31337, other.Message!.MessageId, 0, "some search words"),
            }.Order());
    }

    [Fact]
    public async Task Update_numbering_that_starts_over_under_a_kept_state_folder_leaves_every_new_request_answered()
    {
        // Short polls: a long poll cut off by the stop could still take the next run's result on moto's side.
        var first = await StartBotAsync(settings => settings["Bot:ResultsWait"] = "00:00:00");
        var before = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/first-run.mp4");
        var done = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(done);
        await ReportAsync(done, JobResultKind.Succeeded, video: await StoreVideoAsync(1024));
        await Telegram.WaitForVideoAsync(UserId, cancellationToken: Ct);
        await WaitForResultsConsumedAsync();
        await StopBotAsync(first);

        // Telegram starts numbering again (after a week without updates; a local server at each start): the next
        // update carries the finished one's id.
        Telegram.RestartUpdateNumbering(before.UpdateId);
        await StartBotAsync();
        var after = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/second-run.mp4");
        after.UpdateId.ShouldBe(before.UpdateId);

        var job = (await TakeJobsAsync(1)).Single();
        job.JobId.ShouldNotBe(done.JobId);
        await StatusOfAsync(job);
        await ReportAsync(job, JobResultKind.Succeeded, video: await StoreVideoAsync(2048));
        await Telegram.WaitForVideoAsync(UserId, v => v.Content?.Length == 2048, cancellationToken: Ct);
        Telegram.MessagesTo(UserId).Count(m => m.Text.StartsWith("Done:", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task A_fresh_bot_api_server_under_the_same_state_folder_is_another_server_and_its_first_link_is_answered()
    {
        // The reproduction: the system run twice against a fresh stand-in, the state folder kept.
        const string link = "https://example.com/same-link.mp4";

        // Short polls: a long poll cut off by the stop could still take the next run's result on moto's side.
        var first = await StartBotAsync(settings => settings["Bot:ResultsWait"] = "00:00:00");
        Telegram.InjectTextMessage(UserId, UserId, link);
        var firstJob = (await TakeJobsAsync(1)).Single();
        await StatusOfAsync(firstJob);
        await ReportAsync(firstJob, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLong, "x"));
        await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct);
        await WaitForResultsConsumedAsync();
        var firstFolder = BotKey;
        await StopBotAsync(first);

        await RestartTelegramAsync();
        await StartBotAsync();
        var again = Telegram.InjectTextMessage(UserId, UserId, link);
        again.Message!.MessageId.ShouldBe(1, "a fresh server numbers the chat's messages from the start");

        var job = (await TakeJobsAsync(1)).Single();
        job.JobId.ShouldNotBe(firstJob.JobId);
        await StatusOfAsync(job);
        await ReportAsync(job, JobResultKind.Failed, failure: new JobFailure(FailureReason.TooLarge, "x"));
        (await Telegram.WaitForMessageAsync(UserId, m => m.IsEdited, cancellationToken: Ct)).Text.ShouldContain("too large");
        Directory.GetDirectories(StateDirectory).Select(Path.GetFileName).Order().ShouldBe(new[] { firstFolder, BotKey }.Order());
    }

    [Fact]
    public async Task When_sqs_stays_down_the_user_is_told_and_the_bot_carries_on()
    {
        var sqs = new SqsSwitch { Batches = SqsSwitch.Mode.Fail };
        await StartBotAsync(settings => settings["Bot:EnqueueAttempts"] = "2", services => sqs.Install(services, Moto));
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/lost.mp4");

        // The status reply, not yet sent when the jobs were given up on, says so itself.
        (await Telegram.WaitForMessageAsync(UserId, cancellationToken: Ct)).Text.ShouldBe(BotReplies.SomethingWentWrong);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);

        sqs.Batches = SqsSwitch.Mode.Pass;
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/next.mp4");
        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/next.mp4");
    }

    [Fact]
    public async Task Flood_limits_and_telegram_outages_are_waited_out_and_the_token_never_reaches_the_logs()
    {
        Telegram.FailNext("getUpdates", ApiFault.InternalServerError(), times: 2);
        Telegram.FailNext("sendMessage", ApiFault.TooManyRequests(1));
        await StartBotAsync();
        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/video.mp4");

        var job = (await TakeJobsAsync(1)).Single();
        job.Request.ShouldBe("https://example.com/video.mp4");
        await StatusOfAsync(job);
        Telegram.MessagesTo(UserId).Count.ShouldBe(1);
        Telegram.CallCount("sendMessage").ShouldBe(2);
        Logs.ShouldContain(line => line.Contains("rate limited", StringComparison.Ordinal));
        Logs.ShouldContain(line => line.Contains("Receiving updates failed", StringComparison.Ordinal));

        var secret = Telegram.BotToken[(Telegram.BotToken.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Logs.ShouldNotBeEmpty();
        Logs.ShouldAllBe(line => !line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_webhook_takes_updates_with_the_secret_and_refuses_anything_else()
    {
        const string secret = "webhook-secret-0123456789";
        var bot = await StartWebhookBotAsync(secret);

        using var http = new HttpClient();
        var endpoint = new Uri(AddressOf(bot), "/telegram/webhook");
        using (var noSecret = await http.PostAsync(endpoint, new StringContent("{\"update_id\":1}", System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            noSecret.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("{\"update_id\":1}") })
        {
            request.Headers.Add(WebhookEndpoint.SecretTokenHeader, "wrong-secret-0123456789");
            using var wrongSecret = await http.SendAsync(request, Ct);
            wrongSecret.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        Telegram.InjectTextMessage(UserId, UserId, "https://example.com/hooked.mp4");

        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/hooked.mp4");
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        Telegram.CallCount("getUpdates").ShouldBe(0);
    }

    [Fact]
    public async Task A_wrong_setting_stops_the_bot_at_start_naming_the_key()
    {
        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartBotAsync(settings =>
        {
            settings["Bot:Mode"] = "Webhook";
            settings["Bot:WebhookUrl"] = "https://bot.example.com/telegram/webhook";
        }));

        failure.Message.ShouldBe("Bot__WebhookSecret: is required in webhook mode");
    }

    [Fact]
    public async Task A_token_Telegram_refuses_stops_the_bot_at_start_naming_the_key_and_not_the_token()
    {
        const string refused = "123456:ThisTokenIsNotKnownToTelegramAtAll123";

        var failure = await Should.ThrowAsync<ConfigurationException>(() => StartBotAsync(settings => settings["Telegram:BotToken"] = refused));

        failure.Key.ShouldBe("Telegram__BotToken");
        failure.Message.ShouldStartWith("Telegram__BotToken: Telegram refused the token (401");
        failure.Message.ShouldNotContain("ThisTokenIsNotKnown");
    }

    [Fact]
    public async Task A_webhook_update_delivered_again_while_its_first_delivery_is_handled_is_answered_once()
    {
        const string secret = "a-webhook-secret-0123456789";
        var sqs = new SqsSwitch { Batches = SqsSwitch.Mode.Hold };
        var bot = await StartWebhookBotAsync(secret, services => sqs.Install(services, Moto));

        // Telegram's own delivery is held inside SendMessageBatch; Telegram (played here) posts the update again.
        var update = Telegram.InjectTextMessage(UserId, UserId, "https://example.com/twice.mp4");
        await sqs.Entered.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        using var http = new HttpClient();
        using var again = new HttpRequestMessage(HttpMethod.Post, new Uri(AddressOf(bot), "/telegram/webhook"))
        {
            Content = new StringContent(TelegramBotApiEmulator.ToJson(update), System.Text.Encoding.UTF8, "application/json"),
        };
        again.Headers.Add(WebhookEndpoint.SecretTokenHeader, secret);
        var secondDelivery = http.SendAsync(again, Ct);
        sqs.Release();

        (await secondDelivery).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await Telegram.WaitForNoPendingUpdatesAsync(cancellationToken: Ct);
        (await TakeJobsAsync(1)).Single().Request.ShouldBe("https://example.com/twice.mp4");
        (await MessagesOnQueueAsync(Jobs.QueueUrl)).ShouldBe(0);
        Telegram.MessagesTo(UserId).Count.ShouldBe(1);
    }
}
