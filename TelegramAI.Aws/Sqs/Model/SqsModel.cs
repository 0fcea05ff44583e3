using System.Text.Json.Serialization;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Aws.Sqs.Model;

// Request and response types per operation, named and shaped as in AWSSDK.SQS (Amazon.SQS.Model).
// Property names are the wire names of the SQS JSON protocol.

public sealed class MessageAttributeValue
{
    public string DataType { get; set; } = "String";
    public string? StringValue { get; set; }
    public byte[]? BinaryValue { get; set; }

    public static MessageAttributeValue String(string value) => new() { DataType = "String", StringValue = value };
}

public sealed class Message
{
    public string MessageId { get; set; } = "";
    public string ReceiptHandle { get; set; } = "";
    public string? MD5OfBody { get; set; }
    public string Body { get; set; } = "";
    public Dictionary<string, string> Attributes { get; set; } = [];
    public Dictionary<string, MessageAttributeValue> MessageAttributes { get; set; } = [];

    /// <summary>How often the message was received, this time included (the <c>ApproximateReceiveCount</c> system attribute).</summary>
    [JsonIgnore]
    public int ApproximateReceiveCount => Attributes.TryGetValue(MessageSystemAttributeName.ApproximateReceiveCount, out var v) && int.TryParse(v, out var n) ? n : 0;
}

public static class MessageSystemAttributeName
{
    public const string All = "All";
    public const string ApproximateReceiveCount = "ApproximateReceiveCount";
    public const string SentTimestamp = "SentTimestamp";
    public const string ApproximateFirstReceiveTimestamp = "ApproximateFirstReceiveTimestamp";
}

public static class QueueAttributeName
{
    public const string All = "All";
    public const string ApproximateNumberOfMessages = "ApproximateNumberOfMessages";
    public const string ApproximateNumberOfMessagesNotVisible = "ApproximateNumberOfMessagesNotVisible";
    public const string ApproximateNumberOfMessagesDelayed = "ApproximateNumberOfMessagesDelayed";
    public const string VisibilityTimeout = "VisibilityTimeout";
    public const string MessageRetentionPeriod = "MessageRetentionPeriod";
    public const string ReceiveMessageWaitTimeSeconds = "ReceiveMessageWaitTimeSeconds";
    public const string RedrivePolicy = "RedrivePolicy";
    public const string QueueArn = "QueueArn";
    public const string SqsManagedSseEnabled = "SqsManagedSseEnabled";
}

public sealed class GetQueueUrlRequest
{
    public string QueueName { get; set; } = "";
    public string? QueueOwnerAWSAccountId { get; set; }
}

public sealed class GetQueueUrlResponse : AwsResponseBase
{
    public string QueueUrl { get; set; } = "";
}

public sealed class CreateQueueRequest
{
    public string QueueName { get; set; } = "";
    public Dictionary<string, string>? Attributes { get; set; }
    [JsonPropertyName("tags")]
    public Dictionary<string, string>? Tags { get; set; }
}

public sealed class CreateQueueResponse : AwsResponseBase
{
    public string QueueUrl { get; set; } = "";
}

public sealed class SendMessageRequest
{
    public string QueueUrl { get; set; } = "";
    public string MessageBody { get; set; } = "";
    public int? DelaySeconds { get; set; }
    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
    public string? MessageGroupId { get; set; }
    public string? MessageDeduplicationId { get; set; }
}

public sealed class SendMessageResponse : AwsResponseBase
{
    public string MessageId { get; set; } = "";
    public string? MD5OfMessageBody { get; set; }
    public string? SequenceNumber { get; set; }
}

public sealed class SendMessageBatchRequestEntry
{
    public string Id { get; set; } = "";
    public string MessageBody { get; set; } = "";
    public int? DelaySeconds { get; set; }
    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }
    public string? MessageGroupId { get; set; }
    public string? MessageDeduplicationId { get; set; }
}

public sealed class SendMessageBatchRequest
{
    /// <summary>SQS takes at most this many entries in one batch call.</summary>
    public const int MaxEntries = 10;

    public string QueueUrl { get; set; } = "";
    public List<SendMessageBatchRequestEntry> Entries { get; set; } = [];
}

public sealed class SendMessageBatchResultEntry
{
    public string Id { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string? MD5OfMessageBody { get; set; }
}

/// <summary>One entry of a batch that SQS refused while accepting the others.</summary>
public sealed class BatchResultErrorEntry
{
    public string Id { get; set; } = "";
    public string Code { get; set; } = "";
    public string? Message { get; set; }

    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool SenderFault { get; set; }
}

public sealed class SendMessageBatchResponse : AwsResponseBase
{
    public List<SendMessageBatchResultEntry> Successful { get; set; } = [];
    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

public sealed class ReceiveMessageRequest
{
    public string QueueUrl { get; set; } = "";

    /// <summary>1 to 10.</summary>
    public int? MaxNumberOfMessages { get; set; }

    /// <summary>Long polling: wait up to this many seconds (at most 20) for a message.</summary>
    public int? WaitTimeSeconds { get; set; }

    public int? VisibilityTimeout { get; set; }
    public List<string>? MessageAttributeNames { get; set; }
    public List<string>? MessageSystemAttributeNames { get; set; }
}

public sealed class ReceiveMessageResponse : AwsResponseBase
{
    public List<Message> Messages { get; set; } = [];
}

public sealed class DeleteMessageRequest
{
    public string QueueUrl { get; set; } = "";
    public string ReceiptHandle { get; set; } = "";
}

public sealed class DeleteMessageResponse : AwsResponseBase;

public sealed class DeleteMessageBatchRequestEntry
{
    public string Id { get; set; } = "";
    public string ReceiptHandle { get; set; } = "";
}

public sealed class DeleteMessageBatchRequest
{
    public string QueueUrl { get; set; } = "";
    public List<DeleteMessageBatchRequestEntry> Entries { get; set; } = [];
}

public sealed class DeleteMessageBatchResultEntry
{
    public string Id { get; set; } = "";
}

public sealed class DeleteMessageBatchResponse : AwsResponseBase
{
    public List<DeleteMessageBatchResultEntry> Successful { get; set; } = [];
    public List<BatchResultErrorEntry> Failed { get; set; } = [];
}

public sealed class ChangeMessageVisibilityRequest
{
    public string QueueUrl { get; set; } = "";
    public string ReceiptHandle { get; set; } = "";

    /// <summary>Seconds from now until the message is visible again; 0 releases it at once.</summary>
    public int VisibilityTimeout { get; set; }
}

public sealed class ChangeMessageVisibilityResponse : AwsResponseBase;

public sealed class GetQueueAttributesRequest
{
    public string QueueUrl { get; set; } = "";
    public List<string> AttributeNames { get; set; } = [];
}

public sealed class GetQueueAttributesResponse : AwsResponseBase
{
    public Dictionary<string, string> Attributes { get; set; } = [];

    [JsonIgnore]
    public int ApproximateNumberOfMessages => Int(QueueAttributeName.ApproximateNumberOfMessages);

    [JsonIgnore]
    public int ApproximateNumberOfMessagesNotVisible => Int(QueueAttributeName.ApproximateNumberOfMessagesNotVisible);

    [JsonIgnore]
    public string? QueueARN => Attributes.GetValueOrDefault(QueueAttributeName.QueueArn);

    private int Int(string name) => Attributes.TryGetValue(name, out var v) && int.TryParse(v, out var n) ? n : 0;
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetQueueUrlRequest))]
[JsonSerializable(typeof(GetQueueUrlResponse))]
[JsonSerializable(typeof(CreateQueueRequest))]
[JsonSerializable(typeof(CreateQueueResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResponse))]
[JsonSerializable(typeof(SendMessageBatchRequest))]
[JsonSerializable(typeof(SendMessageBatchResponse))]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResponse))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(DeleteMessageResponse))]
[JsonSerializable(typeof(DeleteMessageBatchRequest))]
[JsonSerializable(typeof(DeleteMessageBatchResponse))]
[JsonSerializable(typeof(ChangeMessageVisibilityRequest))]
[JsonSerializable(typeof(ChangeMessageVisibilityResponse))]
[JsonSerializable(typeof(GetQueueAttributesRequest))]
[JsonSerializable(typeof(GetQueueAttributesResponse))]
internal sealed partial class SqsJson : JsonSerializerContext;
