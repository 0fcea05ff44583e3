using Amazon.SQS;
using Microsoft.Extensions.Options;
using TelegramAI.Aws.Sqs;
using TelegramAI.Contracts.Configuration;
using TelegramAI.Contracts.Jobs;
using TelegramAI.Messaging;

namespace TelegramAI.Bot.Queues;

/// <summary>
/// The bot's two queues, resolved from <c>Queues__Jobs</c> and <c>Queues__Results</c> when the host
/// starts (before the loops that use them), so a wrong queue stops the service with its key.
/// </summary>
public sealed class BotQueues(IAmazonSQS sqs, IOptions<QueuesOptions> options) : IHostedService
{
    private ContractQueue<JobMessage>? jobs;
    private ContractQueue<JobResult>? results;

    public ContractQueue<JobMessage> Jobs => jobs ?? throw new InvalidOperationException("The queues are resolved when the host starts.");

    public ContractQueue<JobResult> Results => results ?? throw new InvalidOperationException("The queues are resolved when the host starts.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var jobsUrl = await QueueAddress.ResolveAsync(sqs, $"{QueuesOptions.Section}__{nameof(QueuesOptions.Jobs)}", options.Value.Jobs, cancellationToken);
        var resultsUrl = await QueueAddress.ResolveAsync(sqs, $"{QueuesOptions.Section}__{nameof(QueuesOptions.Results)}", options.Value.Results, cancellationToken);
        jobs = TelegramAI.Messaging.Queues.Jobs(sqs, jobsUrl);
        results = TelegramAI.Messaging.Queues.Results(sqs, resultsUrl);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
