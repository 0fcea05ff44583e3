using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// At start: runs <c>yt-dlp --version</c>, logs which yt-dlp the worker runs, and warns when it is more than
/// <see cref="YtDlpVersion.MaxLag"/> older than the pinned one. Sites such as YouTube change every few weeks
/// and an old yt-dlp fails on every link of theirs; without this, the failures would be the only sign.
/// A yt-dlp that cannot be run at all stops the worker, naming <c>Downloads__YtDlpPath</c>.
/// </summary>
internal sealed class YtDlpVersionCheck(IOptions<DownloadsOptions> options, ILogger<YtDlpVersionCheck> logger) : IHostedService
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.YtDlpPath;
        var output = new List<string>();
        int exitCode;
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(TimeLimit);
        try
        {
            exitCode = await ChildProcess.RunAsync(path, ["--ignore-config", "--version"], output.Add, output.Add, onStarted: null, timeLimit.Token);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException("Downloads__YtDlpPath", $"cannot run '{path}': {e.InnerException?.Message ?? e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConfigurationException("Downloads__YtDlpPath", $"'{path} --version' did not answer within {TimeLimit.TotalSeconds:0} s.");
        }

        var version = exitCode == 0 ? YtDlpVersion.Parse(string.Join('\n', output)) : null;
        if (version is null)
        {
            logger.LogWarning(
                "Could not tell which yt-dlp {Path} is ('--version' exited with {ExitCode}: {Output}); the pinned version is {Pinned}",
                path, exitCode, string.Join(' ', output.Take(3)), YtDlpVersion.Pinned);
            return;
        }

        var lag = version.OlderThan(YtDlpVersion.Pinned);
        logger.LogInformation("Downloading with yt-dlp {Version} ({Path}); the pinned version is {Pinned}", version, path, YtDlpVersion.Pinned);
        if (lag > YtDlpVersion.MaxLag)
        {
            logger.LogWarning(
                "yt-dlp {Version} is {Days} days older than the pinned {Pinned}: sites such as YouTube change often and refuse an old yt-dlp. "
                + "Install the pinned version (the worker image has it; scripts/prerequisites.sh installs it where PyPI is reachable)",
                version, (int)lag.TotalDays, YtDlpVersion.Pinned);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
