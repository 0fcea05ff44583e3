using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace TelegramAI.Messaging;

/// <summary>A message taken from a queue: its contract body, or why it is not one (a poison message).</summary>
public sealed record ReceivedMessage<T>(Message Raw, T? Body, string? InvalidReason, ActivityContext TraceParent)
    where T : class
{
    public bool IsValid => Body is not null;
    public string ReceiptHandle => Raw.ReceiptHandle;

    /// <summary>How often the message was received, this time included (SQS's <c>ApproximateReceiveCount</c>).</summary>
    public int ReceiveCount { get; } =
        Raw.Attributes?.TryGetValue(MessageSystemAttributeName.ApproximateReceiveCount, out var count) == true
        && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

/// <summary>The outcome of sending one message of a batch: its message id, or the reason SQS refused it.</summary>
public sealed record SendOutcome(string? MessageId, string? Error)
{
    public bool Sent => MessageId is not null;
}

/// <summary>
/// One SQS queue that carries one contract type (jobs, or results): JSON in the shared contract
/// shape, the trace context in message attributes, batches split at SQS's limit. A queue that does
/// not exist surfaces as the SDK's <see cref="QueueDoesNotExistException"/>, its message naming the
/// queue (SQS's own does not, and a service has several).
/// </summary>
public sealed class ContractQueue<T>(IAmazonSQS sqs, string queueUrl, JsonTypeInfo<T> json, Func<T, string?>? validate = null)
    where T : class
{
    /// <summary>SQS takes at most this many entries in one batch call (SendMessageBatch, DeleteMessageBatch).</summary>
    public const int MaxBatchEntries = 10;

    private static readonly List<string> AllAttributes = ["All"];
    private static readonly List<string> SystemAttributes = [MessageSystemAttributeName.ApproximateReceiveCount, MessageSystemAttributeName.SentTimestamp];

    public string QueueUrl { get; } = queueUrl;

    public async Task<string> SendAsync(T message, CancellationToken cancellationToken)
    {
        var response = await NamingQueue(sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = QueueUrl,
            MessageBody = JsonSerializer.Serialize(message, json),
            MessageAttributes = TraceContext.ToAttributes(Activity.Current),
        }, cancellationToken));
        return response.MessageId;
    }

    /// <summary>
    /// Sends every message, ten to a call. The outcomes are in the order of <paramref name="messages"/>;
    /// a refused message is reported, never dropped silently.
    /// </summary>
    public Task<IReadOnlyList<SendOutcome>> SendBatchAsync(IReadOnlyList<T> messages, Activity? traceParent, CancellationToken cancellationToken)
    {
        var attributes = TraceContext.ToAttributes(traceParent);
        return SendChunksAsync(messages, _ => attributes, cancellationToken);
    }

    /// <summary>
    /// As <see cref="SendBatchAsync(IReadOnlyList{T}, Activity?, CancellationToken)"/>, each message with its own
    /// trace parent: one batch can gather messages from several traces (the bot enqueues many updates at once).
    /// </summary>
    public Task<IReadOnlyList<SendOutcome>> SendBatchAsync(IReadOnlyList<(T Message, Activity? TraceParent)> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendChunksAsync(
            messages.Select(entry => entry.Message).ToList(), i => TraceContext.ToAttributes(messages[i].TraceParent), cancellationToken);
    }

    private async Task<IReadOnlyList<SendOutcome>> SendChunksAsync(
        IReadOnlyList<T> messages, Func<int, Dictionary<string, MessageAttributeValue>?> attributesOf, CancellationToken cancellationToken)
    {
        var outcomes = new SendOutcome[messages.Count];
        for (var start = 0; start < messages.Count; start += MaxBatchEntries)
        {
            var entries = new List<SendMessageBatchRequestEntry>(Math.Min(MaxBatchEntries, messages.Count - start));
            for (var i = start; i < start + entries.Capacity; i++)
            {
                entries.Add(new SendMessageBatchRequestEntry
                {
                    Id = i.ToString(CultureInfo.InvariantCulture),
                    MessageBody = JsonSerializer.Serialize(messages[i], json),
                    MessageAttributes = attributesOf(i),
                });
            }

            // SDK v4 answers an empty list as null.
            var response = await NamingQueue(sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = QueueUrl, Entries = entries }, cancellationToken));
            foreach (var ok in response.Successful ?? [])
            {
                outcomes[int.Parse(ok.Id, CultureInfo.InvariantCulture)] = new SendOutcome(ok.MessageId, null);
            }

            foreach (var failed in response.Failed ?? [])
            {
                outcomes[int.Parse(failed.Id, CultureInfo.InvariantCulture)] = new SendOutcome(null, $"{failed.Code}: {failed.Message}");
            }
        }

        return outcomes;
    }

    /// <summary>Long-polls for up to <paramref name="maxMessages"/> messages.</summary>
    public async Task<IReadOnlyList<ReceivedMessage<T>>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken, TimeSpan? visibilityTimeout = null)
    {
        var response = await NamingQueue(sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = QueueUrl,
            MaxNumberOfMessages = Math.Clamp(maxMessages, 1, MaxBatchEntries),
            WaitTimeSeconds = (int)Math.Clamp(wait.TotalSeconds, 0, 20),
            VisibilityTimeout = visibilityTimeout is { } v ? (int)v.TotalSeconds : null,
            MessageAttributeNames = AllAttributes,
            MessageSystemAttributeNames = SystemAttributes,
        }, cancellationToken));

        // SDK v4 answers an empty poll with null rather than an empty list.
        return response.Messages is { Count: > 0 } messages ? messages.ConvertAll(Parse) : [];
    }

    public Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken) =>
        NamingQueue(sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = QueueUrl, ReceiptHandle = receiptHandle }, cancellationToken));

    /// <summary>Deletes the messages ten to a call; returns the receipt handles SQS did not delete.</summary>
    public async Task<IReadOnlyList<string>> DeleteBatchAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        var notDeleted = new List<string>();
        foreach (var chunk in receiptHandles.Chunk(MaxBatchEntries))
        {
            var response = await NamingQueue(sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = chunk.Select((handle, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = handle }).ToList(),
            }, cancellationToken));
            notDeleted.AddRange((response.Failed ?? []).Select(f => chunk[int.Parse(f.Id, CultureInfo.InvariantCulture)]));
        }

        return notDeleted;
    }

    /// <summary>Keeps a message hidden for <paramref name="visibility"/> from now; zero hands it to the next receiver at once.</summary>
    public Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibility, CancellationToken cancellationToken) =>
        NamingQueue(sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest { QueueUrl = QueueUrl, ReceiptHandle = receiptHandle, VisibilityTimeout = (int)visibility.TotalSeconds }, cancellationToken));

    private async Task<TResponse> NamingQueue<TResponse>(Task<TResponse> call)
    {
        try
        {
            return await call;
        }
        catch (QueueDoesNotExistException e)
        {
            throw new QueueDoesNotExistException($"The queue '{QueueUrl}' does not exist.", e, e.ErrorType, e.ErrorCode, e.RequestId, e.StatusCode);
        }
    }

    private ReceivedMessage<T> Parse(Message raw)
    {
        var trace = TraceContext.FromAttributes(raw.MessageAttributes);
        if (raw.Body is null)
        {
            return new ReceivedMessage<T>(raw, null, "the body is empty", trace);
        }

        try
        {
            var body = JsonSerializer.Deserialize(raw.Body, json);
            if (body is null)
            {
                return new ReceivedMessage<T>(raw, null, "the body is JSON null", trace);
            }

            var problem = validate?.Invoke(body);
            return problem is null ? new ReceivedMessage<T>(raw, body, null, trace) : new ReceivedMessage<T>(raw, null, problem, trace);
        }
        catch (JsonException e)
        {
            return new ReceivedMessage<T>(raw, null, $"the body is not a valid {typeof(T).Name}: {e.Message}", trace);
        }
    }
}
