using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelegramAI.ServiceDefaults.Configuration;

namespace Microsoft.Extensions.Hosting;

public static class ServiceRunExtensions
{
    /// <summary>The exit code of a service stopped by a missing or wrong setting.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>The exit code of a service whose background loop failed.</summary>
    public const int FailureExitCode = 1;

    /// <summary>
    /// Runs the service until it is stopped. When a setting stops it (options validated on start,
    /// or a <see cref="TelegramAI.Contracts.Configuration.ConfigurationException"/> thrown while
    /// starting or running), prints one line naming the key to stderr and returns
    /// <see cref="ConfigurationErrorExitCode"/> instead of crashing with a stack trace; any other
    /// exception propagates as usual. Program.cs ends with <c>return await app.RunServiceAsync();</c>.
    /// Settings read before Build are not covered: validate them with AddValidatedOptions or read
    /// them in a service that is constructed when the host starts.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        try
        {
            // The host would validate these too, but it logs the failure as "Hosting failed to
            // start" with a stack trace; validating first keeps a bad setting to its one line.
            // A ConfigurationException from a starting service is still logged by the host.
            app.Services.GetService<IStartupValidator>()?.Validate();

            // Taken before running: RunAsync disposes the container when the host stops.
            var loops = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            try
            {
                await app.RunAsync();
            }
            catch (OperationCanceledException) when (FailedLoop(loops) is not null)
            {
                // A loop that failed while the host was still starting cancelled the start.
            }

            // A background loop that failed stops the host without an exception reaching here;
            // the exit code must still say the service did not end normally.
            var failure = FailedLoop(loops);
            if (failure is null)
            {
                return 0;
            }

            if (ConfigurationFailure.Describe(failure) is { } configurationLine)
            {
                await Console.Error.WriteLineAsync(configurationLine);
                return ConfigurationErrorExitCode;
            }

            return FailureExitCode;
        }
        catch (Exception exception) when (ConfigurationFailure.Describe(exception) is { } line)
        {
            await app.DisposeAsync();
            await Console.Error.WriteLineAsync(line);
            return ConfigurationErrorExitCode;
        }
    }

    private static Exception? FailedLoop(IEnumerable<BackgroundService> loops) =>
        loops.Select(service => service.ExecuteTask?.Exception)
            .FirstOrDefault(exception => exception is not null);
}
