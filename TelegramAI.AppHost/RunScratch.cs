using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TelegramAI.AppHost;

/// <summary>
/// This run's folder for the services' files (the workers' downloads, the bot's state with the local
/// stand-in), made on first use under the system's temporary folder and deleted once the AppHost has
/// stopped every process it started.
/// </summary>
public sealed class RunScratch
{
    /// <summary>
    /// How long the AppHost waits, once stopped, for the services' processes to end before it deletes the
    /// folder: DCP may still be stopping a worker (its short grace, then its yt-dlp), and a stopping service
    /// may still write there (the bot saves its state last).
    /// </summary>
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The snapshot property in which DCP reports an executable resource's process id (the dashboard's "executable.pid").</summary>
    private const string ExecutablePidProperty = "executable.pid";

    private readonly Lazy<DirectoryInfo> _root = new(() => Directory.CreateTempSubdirectory("telegramai-apphost-"));

    /// <summary>Process ids of every resource that ran, as the dashboard shows them (<c>executable.pid</c>).</summary>
    private readonly ConcurrentDictionary<int, byte> _processIds = new();

    /// <summary>The folder of one service, by its resource name; made by the service itself.</summary>
    public string FolderFor(string resourceName) => Path.Combine(_root.Value.FullName, resourceName);

    public static RunScratch AddTo(IDistributedApplicationBuilder builder)
    {
        var scratch = new RunScratch();
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((e, cancellationToken) =>
        {
            var lifetime = e.Services.GetRequiredService<IHostApplicationLifetime>();
            _ = scratch.WatchProcessIdsAsync(e.Services.GetRequiredService<ResourceNotificationService>(), lifetime.ApplicationStopping);
            lifetime.ApplicationStopped.Register(scratch.Delete);
            return Task.CompletedTask;
        });
        return scratch;
    }

    private async Task WatchProcessIdsAsync(ResourceNotificationService notifications, CancellationToken stopping)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                var value = update.Snapshot.Properties.FirstOrDefault(property => property.Name == ExecutablePidProperty)?.Value;
                if (int.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var pid) && pid > 0)
                {
                    _processIds.TryAdd(pid, 0);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost is stopping: the ids seen so far are the ones to wait for.
        }
    }

    private void Delete()
    {
        if (!_root.IsValueCreated)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        bool InTime() => Stopwatch.GetElapsedTime(started) < StopDeadline;
        while (_processIds.Keys.Any(IsAlive) && InTime())
        {
            Thread.Sleep(PollInterval);
        }

        while (_root.Value.Exists)
        {
            try
            {
                _root.Value.Delete(recursive: true);
            }
            catch (IOException) when (InTime())
            {
                // Written meanwhile ("Directory not empty") by a process that is ending.
                Thread.Sleep(PollInterval);
            }
            catch (IOException)
            {
                // Still written after the deadline: the system's temporary-files cleanup takes the rest.
                return;
            }

            _root.Value.Refresh();
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
