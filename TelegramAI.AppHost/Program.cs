using TelegramAI.AppHost.Deployment;
using TelegramAI.AppHost.Run;

if (args is ["publish", .. var publishArgs])
{
    return await PublishCommand.RunAsync(publishArgs);
}

return await RunCommand.RunAsync(args);
