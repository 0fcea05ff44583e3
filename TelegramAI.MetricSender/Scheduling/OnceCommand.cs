using Microsoft.Extensions.Options;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.MetricSender.Scheduling;

/// <summary>
/// <c>--once</c>: measure and publish one period, then exit, for cron, scheduled tasks and
/// debugging. No HTTP endpoint is opened, so it may run beside a running MetricSender.
/// Exit codes: 0 every target published; 1 a target skipped or the publish failed (the log says
/// why); 2 a missing or wrong setting (one line on stderr naming the key).
/// </summary>
public static class OnceCommand
{
    public const string Switch = "--once";
    public const int IncompleteExitCode = 1;

    /// <summary>Whether <c>--once</c> was given, and the other arguments for the host.</summary>
    public static (bool Once, string[] HostArguments) Parse(string[] args) =>
        (args.Contains(Switch, StringComparer.Ordinal), args.Where(arg => arg != Switch).ToArray());

    public static async Task<int> RunOnceAsync(this WebApplication app)
    {
        await using (app)
        {
            try
            {
                app.Services.GetService<IStartupValidator>()?.Validate();
                var result = await MetricSenderService.RunCycleAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
                return result.Complete ? 0 : IncompleteExitCode;
            }
            catch (Exception exception) when (ConfigurationFailure.Describe(exception) is { } line)
            {
                await Console.Error.WriteLineAsync(line);
                return ServiceRunExtensions.ConfigurationErrorExitCode;
            }
        }
    }
}
