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
/// <c>bot [updates] [chats]</c>: feeds updates (default 2,000 from 200 chats, one link each) through the
/// real bot host (in process) into a jobs queue on a local moto, with the Bot API stand-in as Telegram.
/// Prints updates per second, p50/p99 time from a user's message to its status reply, and the raw
/// SendMessageBatch rate of the same number of job messages on the same moto in the same run (before and
/// after the bot, the better one taken), with the ratio. Fails when an update was lost or duplicated.
/// The time to the status reply counts from injection, so it includes waiting behind the backlog.
/// </summary>
internal static class BotBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var updates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        var chats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

        await using var moto = await MotoServer.StartAsync();
        using var sqs = new AwsClientSettings(
            MotoServer.Region,
            new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = moto.Endpoint }).CreateSqsClient();
        async Task<string> NewQueueAsync(string name) => (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name })).QueueUrl;

        Console.WriteLine($"bot benchmark: {updates} updates from {chats} chats, moto at {moto.Endpoint}");
        var rawBefore = await RawSendMessageBatchRateAsync(sqs, await NewQueueAsync("raw-before"), updates);

        await using var telegram = await TelegramBotApiEmulator.StartAsync();
        var jobsUrl = await NewQueueAsync("jobs");
        var state = Directory.CreateTempSubdirectory("telegramai-bot-benchmark-");
        await using var bot = await StartBotAsync(telegram, moto, jobsUrl, await NewQueueAsync("results"), state.FullName);
        await telegram.WaitForLongPollAsync(TimeSpan.FromSeconds(30));

        var injected = new Dictionary<long, List<DateTimeOffset>>();
        var started = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++)
        {
            var chat = 10_000 + (i % chats);
            var at = DateTimeOffset.UtcNow;
            telegram.InjectTextMessage(chat, chat, $"https://example.com/videos/{chat}/{i}.mp4");
            (injected.TryGetValue(chat, out var times) ? times : injected[chat] = []).Add(at);
        }

        await telegram.WaitForNoPendingUpdatesAsync(TimeSpan.FromMinutes(10));
        var elapsed = started.Elapsed;
        await bot.StopAsync();

        var rawAfter = await RawSendMessageBatchRateAsync(sqs, await NewQueueAsync("raw-after"), updates);
        var latencies = new List<double>();
        var statuses = 0;
        foreach (var (chat, times) in injected)
        {
            // A chat's updates are answered in order, so its k-th status answers its k-th message.
            var sent = telegram.MessagesTo(chat);
            statuses += sent.Count;
            latencies.AddRange(sent.Zip(times, (message, at) => (message.SentAt - at).TotalMilliseconds));
        }

        var jobs = await CountAsync(sqs, jobsUrl);
        state.Delete(recursive: true);

        latencies.Sort();
        var rate = updates / elapsed.TotalSeconds;
        var raw = Math.Max(rawBefore, rawAfter);
        Console.WriteLine($"bot:               {rate,8:0} updates/s ({updates} in {elapsed.TotalSeconds:0.00} s)");
        Console.WriteLine($"status reply:      p50 {Percentile(latencies, 0.50),6:0} ms, p99 {Percentile(latencies, 0.99),6:0} ms (from injection, backlog included)");
        Console.WriteLine($"raw SendMessageBatch: {raw,5:0} messages/s (before {rawBefore:0}, after {rawAfter:0}; ten per call, one call at a time)");
        Console.WriteLine($"ratio bot/raw:     {rate / raw,8:0.00} (aim >= 0.90: {(rate / raw >= 0.9 ? "met" : "NOT met")})");
        Console.WriteLine($"jobs on the queue: {jobs} of {updates}; status messages: {statuses} of {updates}");

        var intact = jobs == updates && statuses == updates;
        Console.WriteLine(intact ? "nothing lost, nothing duplicated" : "LOST OR DUPLICATED UPDATES");
        return intact ? 0 : 1;
    }

    /// <summary>The same number of job messages sent straight to SQS the way the bot sends them: SendMessageBatch, ten per call.</summary>
    private static async Task<double> RawSendMessageBatchRateAsync(IAmazonSQS sqs, string queueUrl, int count)
    {
        var queue = Queues.Jobs(sqs, queueUrl);
        var messages = Enumerable.Range(0, count).Select(i => new JobMessage
        {
            JobId = Guid.NewGuid(), ChatId = 10_000 + i, UserId = 10_000 + i, StatusMessageId = 1, Kind = RequestKind.Url,
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

            // The benchmark's users each send ten links; the per-chat limit is not what is measured.
            ["Bot:RateLimit"] = "100000",
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

    private static async Task<int> CountAsync(IAmazonSQS sqs, string queueUrl)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
