using TelegramAI.AppHost.Stack;
using TelegramAI.Bot.Configuration;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.AppHost.Services;

public static class BotResourceExtensions
{
    /// <summary>The Bot's keys from the stack: its AWS, <c>Queues__Jobs</c> and <c>Queues__Results</c>.</summary>
    public static IResourceBuilder<ExecutableResource> WithBotStack(this IResourceBuilder<ExecutableResource> bot, IResourceBuilder<ProductionStackResource> stack) =>
        bot.WithStackOutputs(stack, (outputs, settings) =>
        {
            settings[QueuesOptions.Section, nameof(QueuesOptions.Jobs)] = outputs.JobsQueueUrl;
            settings[QueuesOptions.Section, nameof(QueuesOptions.Results)] = outputs.ResultsQueueUrl;

            // Locally the videos may be served on loopback (the tests' are).
            settings[LinkPolicyOptions.Section, nameof(LinkPolicyOptions.AllowPrivateHosts)] = "true";
        });
}
