using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Worker.Jobs;

/// <summary>
/// The queues a worker uses, found once at start: jobs in, results out, and the jobs queue's dead-letter
/// queue for messages that are not jobs. Also what the jobs queue's settings mean for a job's lease.
/// </summary>
public sealed class JobQueues
{
    /// <summary>
    /// A job is hidden from other workers for at most this long past the last heartbeat, whatever the
    /// queue's own visibility timeout (900 s in production): a worker that dies hands its job over
    /// within a minute rather than a quarter of an hour.
    /// </summary>
    public static readonly TimeSpan MaxLease = TimeSpan.FromSeconds(60);

    /// <summary>Attempts a job gets when the queue has no redrive policy to say.</summary>
    public const int DefaultMaxAttempts = 3;

    private JobQueues(
        ContractQueue<JobMessage> jobs, ContractQueue<JobResult> results, DeadLetterQueue? deadLetters, RedrivePolicy? redrive, TimeSpan lease)
    {
        Jobs = jobs;
        Results = results;
        DeadLetters = deadLetters;
        Redrive = redrive;
        Lease = lease;
    }

    public ContractQueue<JobMessage> Jobs { get; }

    public ContractQueue<JobResult> Results { get; }

    /// <summary>Null when the jobs queue has no redrive policy.</summary>
    public DeadLetterQueue? DeadLetters { get; }

    public RedrivePolicy? Redrive { get; }

    /// <summary>How long a received job stays hidden; the heartbeat renews it while the job runs.</summary>
    public TimeSpan Lease { get; }

    public int MaxAttempts => Redrive?.MaxReceiveCount ?? DefaultMaxAttempts;

    /// <summary>
    /// Whether this is the job's last attempt: if it fails for a passing reason too, the redrive policy
    /// moves the message away at its next receive and no worker would ever answer the user.
    /// </summary>
    public bool IsLastAttempt(int receiveCount) => receiveCount >= MaxAttempts;

    /// <summary>Resolves both queues and reads the jobs queue's settings; a wrong setting is a <see cref="ConfigurationException"/>.</summary>
    public static async Task<JobQueues> ConnectAsync(IAmazonSQS sqs, QueuesOptions options, CancellationToken cancellationToken)
    {
        var jobsUrl = await QueueAddress.ResolveAsync(sqs, "Queues__Jobs", options.Jobs, cancellationToken);
        var resultsUrl = await QueueAddress.ResolveAsync(sqs, "Queues__Results", options.Results, cancellationToken);

        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = jobsUrl,
            AttributeNames = [QueueAttributeName.QueueArn, QueueAttributeName.RedrivePolicy, QueueAttributeName.VisibilityTimeout],
        }, cancellationToken)).Attributes ?? [];

        var visibility = int.TryParse(attributes.GetValueOrDefault(QueueAttributeName.VisibilityTimeout), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : MaxLease;
        var lease = visibility > MaxLease ? MaxLease : visibility;
        if (lease < TimeSpan.FromSeconds(2))
            throw new ConfigurationException("Queues__Jobs", $"the queue's visibility timeout is {seconds} s; a worker needs at least 2 s to keep a job.");

        var redrive = RedrivePolicy.Parse(attributes.GetValueOrDefault(QueueAttributeName.RedrivePolicy));
        var deadLetters = redrive is null
            ? null
            : new DeadLetterQueue(sqs, await DeadLetterUrlAsync(sqs, jobsUrl, attributes.GetValueOrDefault(QueueAttributeName.QueueArn), redrive, cancellationToken));

        return new JobQueues(Queues.Jobs(sqs, jobsUrl), Queues.Results(sqs, resultsUrl), deadLetters, redrive, lease);
    }

    /// <summary>
    /// The dead-letter queue's URL. One in the jobs queue's own account and region sits beside it, so
    /// its URL is the jobs URL with the last part replaced: that needs no GetQueueUrl, which the
    /// production worker role grants on the jobs queue only. Any other is looked up.
    /// </summary>
    private static async Task<string> DeadLetterUrlAsync(
        IAmazonSQS sqs, string jobsUrl, string? jobsArn, RedrivePolicy redrive, CancellationToken cancellationToken)
    {
        var target = QueueArn.Parse(redrive.DeadLetterTargetArn)
            ?? throw new ConfigurationException("Queues__Jobs", $"the queue's redrive policy names '{redrive.DeadLetterTargetArn}', which is not an SQS queue ARN.");

        if (QueueArn.Parse(jobsArn) is { } jobs && jobs.Region == target.Region && jobs.AccountId == target.AccountId)
            return string.Concat(jobsUrl.AsSpan(0, jobsUrl.LastIndexOf('/') + 1), target.Name);

        try
        {
            return (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = target.Name, QueueOwnerAWSAccountId = target.AccountId }, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException e)
        {
            throw new ConfigurationException("Queues__Jobs", $"the dead-letter queue '{redrive.DeadLetterTargetArn}' of the redrive policy does not exist ({e.ErrorCode}).", e);
        }
    }
}

/// <summary>The jobs queue's dead-letter queue, where messages that are not jobs are kept for a person to read.</summary>
public sealed class DeadLetterQueue(IAmazonSQS sqs, string queueUrl)
{
    /// <summary>Message attribute added to a dead-lettered message with the reason it is not a job.</summary>
    public const string InvalidReasonAttribute = "telegramai-invalid-reason";

    private const int MaxAttributes = 10;

    public string QueueUrl { get; } = queueUrl;

    /// <summary>Sends the message as it arrived, body and attributes, with the reason when there is room for it.</summary>
    public async Task SendAsync(Message message, string reason, CancellationToken cancellationToken)
    {
        var attributes = message.MessageAttributes is { } arrived ? new Dictionary<string, MessageAttributeValue>(arrived) : [];
        if (attributes.Count < MaxAttributes)
            attributes[InvalidReasonAttribute] = new MessageAttributeValue { DataType = "String", StringValue = reason.Length > 1000 ? reason[..1000] : reason };

        await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = QueueUrl,
            MessageBody = message.Body,
            MessageAttributes = attributes.Count == 0 ? null : attributes,
        }, cancellationToken);
    }
}
