using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using TelegramAI.Aws.S3;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;
using TelegramAI.Tests.Support;

namespace TelegramAI.Tests.Worker;

/// <summary>
/// What a worker needs, made fresh in moto for one test: a jobs queue with a dead-letter queue behind
/// its redrive policy, a results queue, a bucket and a temp folder; and the workers started on them.
/// </summary>
public sealed class WorkerTestBed : IAsyncDisposable
{
    private readonly MotoFixture _moto;
    private readonly List<WorkerProcess> _workers = [];
    private readonly List<ReceivedMessage<JobResult>> _results = [];

    private WorkerTestBed(MotoFixture moto, IAmazonSQS sqs, IAmazonS3 s3, string jobsUrl, string resultsUrl, string deadLettersUrl, string bucket)
    {
        _moto = moto;
        Sqs = sqs;
        S3 = s3;
        Jobs = Queues.Jobs(sqs, jobsUrl);
        Results = Queues.Results(sqs, resultsUrl);
        DeadLettersUrl = deadLettersUrl;
        Bucket = bucket;
    }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    public ContractQueue<JobMessage> Jobs { get; }

    public ContractQueue<JobResult> Results { get; }

    public string DeadLettersUrl { get; }

    public string Bucket { get; }

    public TempFolder TempDirectory { get; } = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="visibilitySeconds">The jobs queue's visibility timeout: short, so a dead worker's job comes back quickly.</param>
    public static async Task<WorkerTestBed> CreateAsync(MotoFixture moto, int visibilitySeconds = 6, int maxReceiveCount = 3)
    {
        var sqs = moto.Sqs();
        var deadLettersUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = MotoFixture.UniqueName("jobs-dlq") }, Ct)).QueueUrl;
        var deadLettersArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest() { QueueUrl = deadLettersUrl, AttributeNames = [QueueAttributeName.QueueArn] }, Ct)).QueueARN;
        var jobsUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest()
        {
            QueueName = MotoFixture.UniqueName("jobs"),
            Attributes = new()
            {
                [QueueAttributeName.VisibilityTimeout] = visibilitySeconds.ToString(CultureInfo.InvariantCulture),
                [QueueAttributeName.RedrivePolicy] = $$"""{"deadLetterTargetArn":"{{deadLettersArn}}","maxReceiveCount":{{maxReceiveCount}}}""",
            },
        }, Ct)).QueueUrl;
        var resultsUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest() { QueueName = MotoFixture.UniqueName("results") }, Ct)).QueueUrl;

        var s3 = moto.Settings().CreateS3Client();
        var bucket = MotoFixture.UniqueName("videos");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, Ct);

        return new WorkerTestBed(moto, sqs, s3, jobsUrl, resultsUrl, deadLettersUrl, bucket);
    }

    /// <summary>Starts a worker on this bed; <paramref name="settings"/> add to or override the defaults.</summary>
    public WorkerProcess StartWorker(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(_moto.Server.Environment)
        {
            ["Queues__Jobs"] = Jobs.QueueUrl,
            ["Queues__Results"] = Results.QueueUrl,
            ["Storage__Bucket"] = Bucket,
            ["Downloads__AllowPrivateHosts"] = "true",
            ["Worker__TempDirectory"] = TempDirectory.FullPath,
            ["Worker__ProgressInterval"] = "00:00:00.200",
            ["Worker__RetryDelay"] = "00:00:00",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;

        var worker = WorkerProcess.Start(environment);
        _workers.Add(worker);
        return worker;
    }

    /// <param name="statusMessageId">Set: a version 1 job, as a bot from before schema version 2 sends it.</param>
    /// <param name="requestedAt">When the user asked; now unless a test needs the job to have waited.</param>
    public async Task<JobMessage> SendJobAsync(RequestKind kind, string request, long chatId = 42, int? statusMessageId = null, DateTimeOffset? requestedAt = null)
    {
        var job = new JobMessage
        {
            SchemaVersion = statusMessageId is null ? JobMessage.CurrentSchemaVersion : JobMessage.StatusMessageSchemaVersion,
            JobId = Guid.NewGuid(),
            ChatId = chatId,
            UserId = 7,
            StatusMessageId = statusMessageId,
            Kind = kind,
            Request = request,
            RequestedAt = requestedAt ?? DateTimeOffset.UtcNow,
        };
        await Jobs.SendAsync(job, Ct);
        return job;
    }

    /// <summary>The attempts (receive counts) with which the workers started the job, in order.</summary>
    public IReadOnlyList<int> AttemptsOf(Guid jobId) => [.. _workers.SelectMany(worker => worker.AttemptsOf(jobId)).Order()];

    /// <summary>How many lines of all the workers' logs contain <paramref name="text"/>.</summary>
    public int CountOutput(string text) => _workers.Sum(worker => worker.CountOutput(text));

    /// <summary>Every worker's log so far, for a failing assertion to show.</summary>
    public string Output => string.Join(Environment.NewLine, _workers.Select(w => w.Output));

    /// <summary>Every result of the job received so far, in the order received.</summary>
    public IReadOnlyList<ReceivedMessage<JobResult>> ResultsOf(Guid jobId)
    {
        lock (_results)
            return _results.Where(r => r.Body?.JobId == jobId).ToList();
    }

    /// <summary>Reads the results queue until a result matches, and returns it.</summary>
    public async Task<ReceivedMessage<JobResult>> WaitForResultAsync(Func<JobResult, bool> match, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            lock (_results)
            {
                if (_results.FirstOrDefault(r => r.Body is { } body && match(body)) is { } found)
                    return found;
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No such result arrived. Workers' output:{Environment.NewLine}{Output}");

            await ReceiveResultsAsync(TimeSpan.FromSeconds(2));
        }
    }

    public Task<ReceivedMessage<JobResult>> WaitForFinalResultAsync(Guid jobId, TimeSpan? limit = null) =>
        WaitForResultAsync(r => r.JobId == jobId && r.Kind != JobResultKind.Progress, limit);

    /// <summary>One long poll of the results queue; what arrives is kept and deleted from the queue.</summary>
    public async Task ReceiveResultsAsync(TimeSpan wait)
    {
        var received = await Results.ReceiveAsync(10, wait, Ct);
        lock (_results)
            _results.AddRange(received);
        if (received.Count > 0)
            await Results.DeleteBatchAsync(received.Select(r => r.ReceiptHandle).ToList(), Ct);
    }

    /// <summary>
    /// Waits until the jobs queue is empty: a worker deletes a job just after sending its final result,
    /// so a test that has read the result may look a moment too early.
    /// </summary>
    public async Task ShouldHaveNoJobsLeftAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest()
            {
                QueueUrl = Jobs.QueueUrl,
                AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
            }, Ct);
            var left = attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
            if (left == 0)
                return;
            if (DateTime.UtcNow > deadline)
                left.ShouldBe(0, "jobs left on the queue");

            // Polling moto, which has no change notification; bounded by the deadline above.
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
        }
    }

    public async Task<List<string>> StoredKeysAsync() =>
        (await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket }, Ct)).S3Objects?.Select(o => o.Key).ToList() ?? [];

    public async Task<(byte[] Bytes, string ContentType, IReadOnlyDictionary<string, string> Metadata)> GetObjectAsync(string key)
    {
        using var response = await S3.GetObjectAsync(Bucket, key, Ct);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes, Ct);
        return (bytes.ToArray(), response.Headers.ContentType, response.Metadata.Keys.ToDictionary(k => k.Replace("x-amz-meta-", "", StringComparison.Ordinal), k => response.Metadata[k]));
    }

    /// <summary>Job folders the workers left in their temp directory.</summary>
    public string[] JobFolders() => Directory.GetDirectories(TempDirectory.FullPath, "job-*");

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
            await worker.DisposeAsync();
        S3.Dispose();
        TempDirectory.Dispose();
    }
}
