using Amazon.SQS;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Messaging;

/// <summary>The two queues of the system with their contracts: jobs (Bot to Worker) and results (Worker to Bot).</summary>
public static class Queues
{
    public static ContractQueue<JobMessage> Jobs(IAmazonSQS sqs, string queueUrl) =>
        new(sqs, queueUrl, ContractJson.Default.JobMessage, job =>
            job.SchemaVersion != JobMessage.CurrentSchemaVersion ? $"schema version {job.SchemaVersion} is not {JobMessage.CurrentSchemaVersion}"
            : string.IsNullOrWhiteSpace(job.Request) ? "the request is empty"
            : job.JobId == Guid.Empty ? "the job id is empty"
            : null);

    public static ContractQueue<JobResult> Results(IAmazonSQS sqs, string queueUrl) =>
        new(sqs, queueUrl, ContractJson.Default.JobResult, result =>
            result.SchemaVersion != JobResult.CurrentSchemaVersion ? $"schema version {result.SchemaVersion} is not {JobResult.CurrentSchemaVersion}"
            : result.JobId == Guid.Empty ? "the job id is empty"
            : null);
}
