using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;
using TelegramAI.Bot;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Benchmarks;

/// <summary>
/// <c>bot [updates] [--enqueue-concurrency N]</c>: feeds updates (default 2,000, one link each) through the real bot host (in process) into a
/// jobs queue on a local moto, with the Bot API stand-in as Telegram and its flood limits on (30 messages a second
/// overall, one a second per chat), in two runs:
/// <list type="number">
/// <item>from a tenth as many chats (200: ten updates each, so the per-chat limit binds too);</item>
/// <item>from as many chats as updates (2,000 at once: the overall limit binds).</item>
/// </list>
/// Each run prints the rate at which jobs reached the queue as a ratio to the raw SendMessageBatch rate of the same
/// number of job messages on the same moto in the same run (measured before and after the runs, the better taken),
/// the rate of status replies as a ratio to Telegram's 30 a second, p50/p99 time from a user's message to its status
/// reply, the 429 answers the bot received, and whether every update has exactly one job and one status reply (the
/// command fails if not). The machine's load average is printed beside the figures: they are ratios for a reason.
/// </summary>
internal static class BotBenchmark
{
    /// <summary>Telegram's overall flood limit (Bots FAQ), the yardstick of the status-reply rate.</summary>
    private const double TelegramMessagesPerSecond = 30;

    /// <summary><c>Bot__EnqueueConcurrency</c> for the runs: <c>--enqueue-concurrency N</c>, 1 unless given.</summary>
    private static int EnqueueConcurrency = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        var concurrency = Array.IndexOf(args, "--enqueue-concurrency");
        if (concurrency >= 0)
        {
            EnqueueConcurrency = int.Parse(args[concurrency + 1], CultureInfo.InvariantCulture);
            args = [.. args.Where((_, i) => i != concurrency && i != concurrency + 1)];
        }

        var updates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;

        await using var moto = await MotoServer.StartAsync();
        using var sqs = new AwsClientSettings(
            MotoServer.Region,
            new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = moto.Endpoint }).CreateSqsClient();

        Console.WriteLine($"bot benchmark: {updates} updates, Bot__EnqueueConcurrency={EnqueueConcurrency}, moto at {moto.Endpoint}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var rawBefore = await RawSendMessageBatchRateAsync(sqs, updates);
        var runs = new List<RunFigures>
        {
            await RunOnceAsync(moto, sqs, updates, chats: Math.Max(1, updates / 10)),
            await RunOnceAsync(moto, sqs, updates, chats: updates),
        };
        var rawAfter = await RawSendMessageBatchRateAsync(sqs, updates);
        var raw = Math.Max(rawBefore, rawAfter);

        Console.WriteLine();
        Console.WriteLine($"raw SendMessageBatch: {raw:0} messages/s (before {rawBefore:0}, after {rawAfter:0}; ten per call, one call at a time)");
        var intact = true;
        foreach (var (run, aim) in runs.Zip([0.9, 0.8]))
        {
            var queued = run.JobsPerSecond / raw;
            var replies = run.RepliesPerSecond / TelegramMessagesPerSecond;
            Console.WriteLine();
            Console.WriteLine($"{run.Updates} updates from {run.Chats} chats (load average {run.LoadBefore} before, {run.LoadAfter} after):");
            Console.WriteLine($"  jobs queued:      {run.JobsPerSecond,8:0} /s in {run.QueueSeconds:0.00} s; ratio to raw {queued:0.00} (aim >= {aim:0.0}: {Met(queued >= aim)})");
            Console.WriteLine($"  status replies:   {run.RepliesPerSecond,8:0.0} /s in {run.ReplySeconds:0.00} s; ratio to Telegram's 30/s {replies:0.00}" +
                              (run.Chats == run.Updates ? $" (aim >= 0.9: {Met(replies >= 0.9)})" : " (one a second per chat binds here)"));
            Console.WriteLine($"  time to status:   p50 {run.P50,6:0} ms, p99 {run.P99,6:0} ms (from injection, backlog included)");
            Console.WriteLine($"  429 answers:      {run.FloodRefusals} (aim 0: {Met(run.FloodRefusals == 0)})");
            Console.WriteLine($"  jobs: {run.Jobs} of {run.Updates}, distinct {run.DistinctJobs}; status replies: {run.Statuses}, chats answered in order: {run.InOrder}");
            var ok = run.Jobs == run.Updates && run.DistinctJobs == run.Updates && run.Statuses == run.Updates && run.InOrder;
            Console.WriteLine(ok ? "  nothing lost, nothing duplicated" : "  LOST OR DUPLICATED UPDATES");
            intact &= ok;
        }

        return intact ? 0 : 1;
    }

    private sealed record RunFigures(
        int Updates, int Chats, double QueueSeconds, double ReplySeconds, double P50, double P99, int FloodRefusals,
        int Jobs, int DistinctJobs, int Statuses, bool InOrder, string LoadBefore, string LoadAfter)
    {
        public double JobsPerSecond => Updates / QueueSeconds;

        public double RepliesPerSecond => Statuses / ReplySeconds;
    }

    /// <summary>One run: a fresh stand-in (flood limits on), bot and queues; every update injected at once.</summary>
    private static async Task<RunFigures> RunOnceAsync(MotoServer moto, IAmazonSQS sqs, int updates, int chats)
    {
        var loadBefore = LoadAverage();
        await using var telegram = await TelegramBotApiEmulator.StartAsync();
        var jobsUrl = await NewQueueAsync(sqs, "jobs");
        var state = Directory.CreateTempSubdirectory("telegramai-bot-benchmark-");
        await using var bot = await StartBotAsync(telegram, moto, jobsUrl, await NewQueueAsync(sqs, "results"), state.FullName);
        await telegram.WaitForLongPollAsync(TimeSpan.FromSeconds(30));

        var injected = new Dictionary<long, List<(DateTimeOffset At, string Link)>>();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++)
        {
            var chat = 10_000 + (i % chats);
            var link = $"https://example.com/videos/{chat}/{i}.mp4";
            var at = DateTimeOffset.UtcNow;
            telegram.InjectTextMessage(chat, chat, link);
            (injected.TryGetValue(chat, out var sent) ? sent : injected[chat] = []).Add((at, link));
        }

        // The bot tells Telegram an update is handled once its job is on the queue: no pending update, every job queued.
        await telegram.WaitForNoPendingUpdatesAsync(TimeSpan.FromMinutes(10));
        var queueSeconds = clock.Elapsed.TotalSeconds;

        // The status replies follow at Telegram's pace.
        await WaitForAsync(() => injected.Sum(chat => telegram.MessagesTo(chat.Key).Count) >= updates, TimeSpan.FromMinutes(10));
        await bot.StopAsync();
        var loadAfter = LoadAverage();

        var latencies = new List<double>();
        var statuses = 0;
        var lastStatus = started;
        var inOrder = true;
        foreach (var (chat, asked) in injected)
        {
            // A chat's updates are answered in order, so its k-th status answers its k-th message.
            var answers = telegram.MessagesTo(chat);
            statuses += answers.Count;
            inOrder &= answers.Select(a => a.Text.Split('\n')[^1]).SequenceEqual(asked.Select(a => a.Link));
            latencies.AddRange(answers.Zip(asked, (message, ask) => (message.SentAt - ask.At).TotalMilliseconds));
            lastStatus = answers.Select(a => a.SentAt).Append(lastStatus).Max();
        }

        var (jobs, distinct) = await DrainAsync(sqs, jobsUrl);
        state.Delete(recursive: true);
        latencies.Sort();
        return new RunFigures(
            updates, chats, queueSeconds, (lastStatus - started).TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            telegram.FloodRefusals, jobs, distinct, statuses, inOrder, loadBefore, loadAfter);
    }

    /// <summary>The same number of job messages sent straight to SQS the way the bot sends them: SendMessageBatch, ten per call.</summary>
    private static async Task<double> RawSendMessageBatchRateAsync(IAmazonSQS sqs, int count)
    {
        var queue = Queues.Jobs(sqs, await NewQueueAsync(sqs, "raw"));
        var messages = Enumerable.Range(0, count).Select(i => new JobMessage
        {
            JobId = Guid.NewGuid(), ChatId = 10_000 + i, UserId = 10_000 + i, Kind = RequestKind.Url,
            Request = $"https://example.com/videos/{i}.mp4", RequestedAt = DateTimeOffset.UtcNow,
        }).ToList();
        var watch = Stopwatch.StartNew();
        var outcomes = await queue.SendBatchAsync(messages, traceParent: null, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        if (outcomes.Any(o => !o.Sent))
        {
            throw new InvalidOperationException("The raw baseline lost messages.");
        }

        return count / seconds;
    }

    private static async Task<WebApplication> StartBotAsync(TelegramBotApiEmulator telegram, MotoServer moto, string jobsUrl, string resultsUrl, string stateDirectory)
    {
        var settings = new Dictionary<string, string?>(moto.Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
        {
            ["Telegram:BotToken"] = telegram.BotToken,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString(),
            ["Queues:Jobs"] = jobsUrl,
            ["Queues:Results"] = resultsUrl,
            ["Bot:StateDirectory"] = stateDirectory,

            // The benchmark's users each send ten links; the per-chat job limit is not what is measured.
            ["Bot:RateLimit"] = "100000",

            // moto serves one request at a time: calls in flight beside each other only contend there (SQS serves
            // them in parallel, hence the default of 4). One at a time, as the raw baseline sends.
            ["Bot:EnqueueConcurrency"] = EnqueueConcurrency.ToString(CultureInfo.InvariantCulture),
            ["urls"] = "http://127.0.0.1:0",
        };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(BotComposition).Assembly.GetName().Name });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddBot();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapBot();
        await app.StartAsync();
        return app;
    }

    /// <summary>Receives every job off the queue: how many there were, and how many distinct job ids.</summary>
    private static async Task<(int Jobs, int Distinct)> DrainAsync(IAmazonSQS sqs, string queueUrl)
    {
        var queue = Queues.Jobs(sqs, queueUrl);
        var ids = new List<Guid>();
        while (true)
        {
            var received = await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None, visibilityTimeout: TimeSpan.FromMinutes(10));
            if (received.Count == 0)
            {
                return (ids.Count, ids.Distinct().Count());
            }

            ids.AddRange(received.Select(message => message.Body?.JobId ?? Guid.Empty));
        }
    }

    private static async Task<string> NewQueueAsync(IAmazonSQS sqs, string name) =>
        (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{name}-{Guid.NewGuid():N}" })).QueueUrl;

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Met(bool met) => met ? "met" : "NOT met";

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
