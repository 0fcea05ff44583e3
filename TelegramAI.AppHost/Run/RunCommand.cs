using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.AppHost.LocalTelegram;
using TelegramAI.AppHost.Scaling;
using TelegramAI.AppHost.View;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.AppHost.Run;

/// <summary>
/// The local run mode (no arguments): the whole system on this machine. Settings come from the environment
/// (<c>AppHost__*</c> for the AppHost itself), user secrets (<c>Telegram:BotToken</c>) and the command line.
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddUserSecrets(typeof(RunCommand).Assembly, optional: true);

        // Everything the user sees goes through HostConsole: plain lines or the live view.
        builder.Logging.ClearProviders();
        builder.AddValidatedOptions<AppHostOptions>(AppHostOptions.Section);

        var view = builder.Configuration.GetSection(AppHostOptions.Section).GetValue<ViewMode?>(nameof(AppHostOptions.View)) ?? ViewMode.Auto;
        var live = view == ViewMode.Live || (view == ViewMode.Auto && !Console.IsOutputRedirected);

        builder.Services.AddSingleton(new HostConsole(live));
        builder.Services.AddSingleton<AppModel>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<AppHostOptions>>((host, appHost) =>
            host.ShutdownTimeout = appHost.Value.StopGracePeriod * 2 + TimeSpan.FromSeconds(10));

        // Hosted services stop in reverse order: the orchestrator, registered first, stops the processes last.
        builder.Services.AddHostedService<Orchestrator>();
        builder.Services.AddHostedService<QueueMonitor>();
        builder.Services.AddHostedService<LocalAutoScaler>();
        builder.Services.AddHostedService<TerminalChat>();
        builder.Services.AddHostedService<LiveView>();

        try
        {
            using var host = builder.Build();
            host.Services.GetService<IStartupValidator>()?.Validate();
            var console = host.Services.GetRequiredService<HostConsole>();
            var model = host.Services.GetRequiredService<AppModel>();

            // RunAsync disposes the host when it ends.
            await host.RunAsync();
            console.Final(HostEvent.Stopped);
            return model.ExitCode;
        }
        catch (Exception exception) when (ConfigurationFailure.Describe(exception) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            return ServiceRunExtensions.ConfigurationErrorExitCode;
        }
    }
}
