using Amazon.SQS;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Messaging;

/// <summary>The two queues of the system with their contracts: jobs (Bot to Worker) and results (Worker to Bot).</summary>
public static class Queues
{
    /// <summary>Jobs of the current schema version and of version 1, which named the bot's status message.</summary>
    public static ContractQueue<JobMessage> Jobs(IAmazonSQS sqs, string queueUrl) =>
        new(sqs, queueUrl, ContractJson.Default.JobMessage, job =>
            job.SchemaVersion is not (JobMessage.CurrentSchemaVersion or JobMessage.StatusMessageSchemaVersion)
                ? $"schema version {job.SchemaVersion} is not {JobMessage.StatusMessageSchemaVersion} or {JobMessage.CurrentSchemaVersion}"
            : job.SchemaVersion == JobMessage.StatusMessageSchemaVersion && job.StatusMessageId is not > 0 ? "a version 1 job names no status message"
            : string.IsNullOrWhiteSpace(job.Request) ? "the request is empty"
            : job.JobId == Guid.Empty ? "the job id is empty"
            : null);

    /// <summary>Results of the current schema version and of version 1, which named the job's status message.</summary>
    public static ContractQueue<JobResult> Results(IAmazonSQS sqs, string queueUrl) =>
        new(sqs, queueUrl, ContractJson.Default.JobResult, result =>
            result.SchemaVersion is not (JobResult.CurrentSchemaVersion or JobMessage.StatusMessageSchemaVersion)
                ? $"schema version {result.SchemaVersion} is not {JobMessage.StatusMessageSchemaVersion} or {JobResult.CurrentSchemaVersion}"
            : result.SchemaVersion == JobMessage.StatusMessageSchemaVersion && result.StatusMessageId is not > 0 ? "a version 1 result names no status message"
            : result.JobId == Guid.Empty ? "the job id is empty"
            : null);
}
