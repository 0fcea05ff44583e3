using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TelegramAI.ServiceDefaults.Configuration;

namespace Microsoft.Extensions.Hosting;

public static class ServiceRunExtensions
{
    /// <summary>The exit code of a service stopped by a missing or wrong setting.</summary>
    public const int ConfigurationErrorExitCode = 2;

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
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (ConfigurationFailure.Describe(exception) is { } line)
        {
            await app.DisposeAsync();
            await Console.Error.WriteLineAsync(line);
            return ConfigurationErrorExitCode;
        }
    }
}
