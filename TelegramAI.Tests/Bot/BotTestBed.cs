using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Amazon.S3;
using Microsoft.Extensions.Logging.Testing;
using TelegramAI.Aws.Emulator;
using TelegramAI.Bot;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.State;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Telegram.Emulator;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Bot;

/// <summary>
/// The real bot host (its own composition code, in process) against moto and the Bot API stand-in.
/// Tests play the users through the stand-in and the worker through the queues.
/// </summary>
public abstract class BotTestBed(MotoFixture moto) : IAsyncLifetime
{
    protected const long UserId = 5151;

    private readonly List<WebApplication> running = [];
    private readonly TempFolder state = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected MotoFixture Moto => moto;

    protected TelegramBotApiEmulator Telegram { get; private set; } = null!;

    protected ContractQueue<JobMessage> Jobs { get; private set; } = null!;

    protected ContractQueue<JobResult> Results { get; private set; } = null!;

    protected IAmazonSQS Sqs { get; } = moto.Sqs();

    protected IAmazonS3 S3 { get; } = moto.Settings().CreateS3Client();

    private string? bucket;

    /// <summary>Every log line of every bot host this test started, exceptions included.</summary>
    private readonly FakeLogCollector _logs = new();

    protected IReadOnlyList<string> Logs => _logs.GetSnapshot().Select(log => $"{log.Level} {log.Category}: {log.Message} {log.Exception}").ToList();

    /// <summary>Telegram's flood limits are on, as the bot meets them, unless a test says otherwise.</summary>
    protected virtual TelegramBotApiEmulatorOptions TelegramOptions => new();

    public async ValueTask InitializeAsync()
    {
        Telegram = await TelegramBotApiEmulator.StartAsync(TelegramOptions, Ct);
        Jobs = Queues.Jobs(Sqs, (await Sqs.CreateQueueAsync(MotoFixture.UniqueName("bot-jobs"), Ct)).QueueUrl);
        Results = Queues.Results(Sqs, (await Sqs.CreateQueueAsync(MotoFixture.UniqueName("bot-results"), Ct)).QueueUrl);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in running)
        {
            await app.DisposeAsync();
        }

        await Telegram.DisposeAsync();
        state.Dispose();
        S3.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Dictionary<string, string?> Settings() => new()
    {
        ["Telegram:BotToken"] = Telegram.BotToken,
        ["Telegram:ApiBaseUrl"] = Telegram.BaseUrl.ToString(),
        ["Queues:Jobs"] = Jobs.QueueUrl,
        ["Queues:Results"] = Results.QueueUrl,
        ["AWS_ENDPOINT_URL"] = moto.Server.Environment["AWS_ENDPOINT_URL"],
        ["AWS_REGION"] = moto.Server.Environment["AWS_REGION"],
        ["AWS_ACCESS_KEY_ID"] = moto.Server.Environment["AWS_ACCESS_KEY_ID"],
        ["AWS_SECRET_ACCESS_KEY"] = moto.Server.Environment["AWS_SECRET_ACCESS_KEY"],
        ["Bot:PollTimeout"] = "00:00:05",
        ["Bot:ResultsWait"] = "00:00:02",
        ["Bot:RetryDelay"] = "00:00:00.100",
        ["Bot:MaxRetryDelay"] = "00:00:01",
        ["Bot:ProgressEditInterval"] = "00:00:00",
        ["Bot:StateDirectory"] = state.FullPath,
        ["urls"] = "http://127.0.0.1:0",
    };

    /// <summary>Builds and starts the bot the way Program.cs does, with <paramref name="configure"/>'s changes to the settings.</summary>
    protected async Task<WebApplication> StartBotAsync(Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var settings = Settings();
        configure?.Invoke(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(BotComposition).Assembly.GetName().Name });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddBot();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new FakeLoggerProvider(_logs));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapBot();
        running.Add(app);
        await app.StartAsync(Ct);
        return app;
    }

    /// <summary>Stops the stand-in and starts a fresh one, on a new port, that knows nothing of the first (a restarted local Bot API server).</summary>
    protected async Task RestartTelegramAsync()
    {
        await Telegram.DisposeAsync();
        Telegram = await TelegramBotApiEmulator.StartAsync(TelegramOptions, Ct);
    }

    /// <summary>
    /// Starts the bot in webhook mode on a free loopback port, with <paramref name="secret"/>, and waits until it has
    /// registered its webhook with the stand-in.
    /// </summary>
    protected async Task<WebApplication> StartWebhookBotAsync(string secret, Action<IServiceCollection>? services = null)
    {
        var port = LoopbackPort.Free();
        var bot = await StartBotAsync(
            settings =>
            {
                settings["urls"] = $"http://127.0.0.1:{port}";
                settings["Bot:Mode"] = "Webhook";
                settings["Bot:WebhookUrl"] = $"http://127.0.0.1:{port}/telegram/webhook";
                settings["Bot:WebhookSecret"] = secret;
            },
            services);
        await WaitUntilAsync(() => Task.FromResult(Telegram.WebhookUrl is not null), "the webhook to be set");
        return bot;
    }

    /// <summary>Disposes every bot host this test started, which flushes what their telemetry still holds.</summary>
    protected async Task DisposeBotsAsync()
    {
        foreach (var app in running)
        {
            await app.DisposeAsync();
        }

        running.Clear();
    }

    protected static async Task StopBotAsync(WebApplication app)
    {
        await app.StopAsync(CancellationToken.None);
    }

    protected static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());


    /// <summary>Plays the worker: takes <paramref name="count"/> jobs off the queue (waiting for them) and deletes them.</summary>
    protected async Task<List<JobMessage>> TakeJobsAsync(int count, TimeSpan? timeout = null)
    {
        var jobs = new List<JobMessage>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        while (jobs.Count < count)
        {
            var received = await Jobs.ReceiveAsync(10, TimeSpan.FromSeconds(2), deadline.Token);
            foreach (var message in received)
            {
                message.IsValid.ShouldBeTrue(message.InvalidReason);
                jobs.Add(message.Body!);
                await Jobs.DeleteAsync(message.ReceiptHandle, deadline.Token);
            }
        }

        return jobs;
    }

    protected async Task<int> MessagesOnQueueAsync(string queueUrl)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
        }, Ct);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    /// <summary>Plays the worker reporting on a job.</summary>
    protected Task ReportAsync(JobMessage job, JobResultKind kind, JobProgress? progress = null, StoredVideo? video = null, JobFailure? failure = null) =>
        Results.SendAsync(JobResult.For(job, kind, DateTimeOffset.UtcNow) with { Progress = progress, Video = video, Failure = failure }, Ct);

    /// <summary>The job's status reply as the user sees it, once the bot has sent it.</summary>
    protected Task<BotMessage> StatusOfAsync(JobMessage job, TimeSpan? timeout = null)
    {
        var statusText = job.Kind == RequestKind.Url ? BotReplies.Downloading(job.Request) : BotReplies.Searching(job.Request);
        return Telegram.WaitForMessageAsync(job.ChatId, m => m.TextHistory[0] == statusText, timeout ?? TimeSpan.FromSeconds(20), Ct);
    }

    /// <summary>
    /// Plays the worker's store: a video of <paramref name="size"/> random bytes in a bucket of moto's S3, as the
    /// worker's <see cref="StoredVideo"/> describes it, so that the links the bot signs for it work.
    /// </summary>
    protected async Task<StoredVideo> StoreVideoAsync(long size, string title = "Never Gonna Give You Up")
    {
        if (bucket is null)
        {
            bucket = MotoFixture.UniqueName("bot-videos");
            await S3.PutBucketAsync(bucket, Ct);
        }

        var key = $"videos/test/{Guid.NewGuid():N}.mp4";
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        using var content = new MemoryStream(bytes);
        await S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, ContentType = "video/mp4" }, Ct);
        return new StoredVideo(bucket, key, title, TimeSpan.FromSeconds(213), size, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    }

    /// <summary>The bot and Bot API server part of every job id (the name of the bot's state folder).</summary>
    protected string BotKey => Path.GetFileName(BotStateStore.FolderFor(
        state.FullPath, "", new TelegramAI.Bot.Telegram.TelegramOptions { BotToken = Telegram.BotToken, ApiBaseUrl = Telegram.BaseUrl.ToString() }));

    /// <summary>The folder the bots of this test keep their state in; it outlives a bot's restart within the test.</summary>
    protected string StateDirectory => state.FullPath;

    /// <summary>Waits until the results queue is empty: every result was reported (or dropped) and deleted.</summary>
    protected Task WaitForResultsConsumedAsync() =>
        WaitUntilAsync(async () => await MessagesOnQueueAsync(Results.QueueUrl) == 0, "the results queue to be empty");

    protected static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Condition.WaitUntilAsync(condition, what, timeout);
}

/// <summary>
/// The real SQS client with a switch in front of SendMessageBatch on the wire: it can hold the call until
/// the host stops (a crash between receiving an update and enqueuing its job) or fail it (an SQS outage).
/// </summary>
public sealed class SqsSwitch
{
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public enum Mode
    {
        Pass,
        Hold,
        Fail,
    }

    public Mode Batches { get; set; }

    /// <summary>Completes when the first SendMessageBatch reached the switch.</summary>
    public Task Entered => entered.Task;

    /// <summary>Lets held calls through (and every later one).</summary>
    public void Release() => released.TrySetResult();

    public void Install(IServiceCollection services, MotoFixture moto) =>
        services.AddSingleton<IAmazonSQS>(_ =>
        {
            var settings = moto.Settings();
            var config = settings.Configure(new AmazonSQSConfig(), TelegramAI.Aws.Runtime.AwsService.Sqs);
            config.HttpClientFactory = new SwitchedHttpClients(this);
            return new AmazonSQSClient(settings.Credentials, config);
        });

    private sealed class SwitchedHttpClients(SqsSwitch owner) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Switch(owner) { InnerHandler = new SocketsHttpHandler() });
    }

    private sealed class Switch(SqsSwitch owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out var target) && target.Single() == "AmazonSQS.SendMessageBatch")
            {
                owner.entered.TrySetResult();
                switch (owner.Batches)
                {
                    case Mode.Hold:
                        await owner.released.Task.WaitAsync(cancellationToken);
                        break;
                    case Mode.Fail:
                        throw new HttpRequestException("SQS is unreachable (test outage)");
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
