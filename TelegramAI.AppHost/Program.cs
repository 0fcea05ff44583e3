using TelegramAI.AppHost.Deployment;

if (args is ["publish", .. var publishArgs])
{
    return await PublishCommand.RunAsync(publishArgs);
}

return 0;
