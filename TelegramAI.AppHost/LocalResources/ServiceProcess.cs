using TelegramAI.Aws.Emulator;
using System.Diagnostics;
using System.Net;
using TelegramAI.AppHost.Run;
using TelegramAI.AppHost.View;

namespace TelegramAI.AppHost.LocalResources;

/// <summary>
/// One service as a child process (<c>dotnet &lt;dll&gt;</c>) on its own loopback port: started and waited
/// for until <c>/health</c> answers, its output prefixed with its name, restarted with exponential backoff
/// when it crashes, and stopped with SIGTERM, then killed by pid if it outlives the grace period.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(15);

    /// <summary>A run this long counts as recovered: the next crash starts the backoff from the beginning.</summary>
    private static readonly TimeSpan StableRun = TimeSpan.FromSeconds(30);

    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly HostConsole _console;
    private readonly AppHostOptions _options;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Child? _current;
    private Task _supervision = Task.CompletedTask;
    private Task? _stopped;

    /// <param name="environment">Variables to set; a null value removes one the AppHost's own environment would pass on.</param>
    public ServiceProcess(string name, string dll, IReadOnlyDictionary<string, string?> environment, Resource resource, HostConsole console, AppHostOptions options, HttpClient http)
    {
        Name = name;
        _dll = dll;
        _environment = environment;
        Resource = resource;
        _console = console;
        _options = options;
        _http = http;
    }

    public string Name { get; }

    public Resource Resource { get; }

    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Starts the service and returns once it answers /health; a crash after that is restarted.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var child = Launch();
        if (!await WaitHealthyAsync(child, cancellationToken))
        {
            await StopAsync();
            throw new InvalidOperationException(child.Process.HasExited
                ? $"{Name} exited with code {child.Process.ExitCode} before it was healthy (its last lines are above)"
                : $"{Name} did not answer {child.Url}health within {_options.HealthTimeout.TotalSeconds:0} s");
        }

        _supervision = Task.Run(() => SuperviseAsync(child, _stopping.Token), CancellationToken.None);
    }

    /// <summary>SIGTERM, then a kill by pid after the grace period. Idempotent.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            return _stopped ??= StopOnceAsync();
        }
    }

    private async Task StopOnceAsync()
    {
        Child? child;
        lock (_gate)
        {
            _stopping.Cancel();
            child = _current;
        }

        Resource.State = ResourceState.Stopping;
        if (child is not null)
        {
            await EndAsync(child);
        }

        await _supervision;
        child?.Process.Dispose();
        Resource.State = ResourceState.Stopped;
        Resource.Health = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private Child Launch()
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
        };
        foreach (var (key, value) in _environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var url = new Uri($"http://127.0.0.1:{port}/");
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Name}");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var child = new Child(process, url, process.Id);
        lock (_gate)
        {
            _current = child;
        }

        Resource.State = ResourceState.Starting;
        Resource.Health = null;
        Resource.ProcessId = child.ProcessId;
        Resource.Endpoint = url.ToString();
        _console.Event(HostEvent.ProcessStarted(Name, child.ProcessId));
        return child;
    }

    private void Forward(string? line)
    {
        if (line is not null)
        {
            _console.Service(Name, line);
        }
    }

    private async Task<bool> WaitHealthyAsync(Child child, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        deadline.CancelAfter(_options.HealthTimeout);
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!child.Process.HasExited)
            {
                if (await IsHealthyAsync(child, deadline.Token))
                {
                    Resource.State = ResourceState.Running;
                    Resource.Health = "healthy";
                    return true;
                }

                // A child process has no readiness signal but its health endpoint; bounded by the deadline.
                await Task.WhenAny(child.Process.WaitForExitAsync(deadline.Token), Task.Delay(delay, deadline.Token));
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Out of time, or stopping: not healthy.
        }

        Resource.Health = "unhealthy";
        return false;
    }

    private async Task<bool> IsHealthyAsync(Child child, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(child.Url, "health"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the request's own timeout
        }
    }

    private async Task SuperviseAsync(Child child, CancellationToken stopping)
    {
        var restartDelay = _options.RestartDelay;
        try
        {
            while (true)
            {
                var started = Stopwatch.StartNew();
                await WatchUntilExitAsync(child, stopping);
                ReportExit(child);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                restartDelay = started.Elapsed >= StableRun ? _options.RestartDelay : restartDelay;
                Resource.State = ResourceState.Restarting;
                Resource.Health = null;
                Resource.Restarts++;
                Resource.Detail = $"exited with code {child.ExitCode}; restart in {restartDelay.TotalSeconds:0.#} s";
                await Task.Delay(restartDelay, stopping);
                restartDelay = TimeSpan.FromTicks(Math.Min(restartDelay.Ticks * 2, MaxRestartDelay.Ticks));

                lock (_gate)
                {
                    if (stopping.IsCancellationRequested)
                    {
                        return;
                    }
                }

                child.Process.Dispose();
                child = Launch();
                if (!await WaitHealthyAsync(child, stopping) && !child.Process.HasExited)
                {
                    // Alive but never healthy: treat as a crash.
                    await EndAsync(child);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: StopAsync ends the process.
        }
    }

    /// <summary>Waits for the process to exit, refreshing the health the view shows meanwhile.</summary>
    private async Task WatchUntilExitAsync(Child child, CancellationToken stopping)
    {
        var exited = child.Process.WaitForExitAsync(CancellationToken.None);
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(HealthCheckInterval, stopping));
            if (stopping.IsCancellationRequested)
            {
                await exited; // StopAsync is ending it
                return;
            }

            if (!exited.IsCompleted)
            {
                Resource.Health = await IsHealthyAsync(child, stopping) ? "healthy" : "unhealthy";
            }
        }
    }

    private async Task EndAsync(Child child)
    {
        try
        {
            if (!child.Process.HasExited && !ProcessSignals.Terminate(child.Process))
            {
                child.Process.Kill(entireProcessTree: true);
            }

            using var grace = new CancellationTokenSource(_options.StopGracePeriod);
            try
            {
                await child.Process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _console.Event($"{Name} still running {_options.StopGracePeriod.TotalSeconds:0} s after SIGTERM: killing pid {child.ProcessId}");
                child.Process.Kill(entireProcessTree: true);
                await child.Process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        ReportExit(child);
    }

    private void ReportExit(Child child)
    {
        if (Interlocked.Exchange(ref child.Reported, 1) == 0)
        {
            child.ExitCode = child.Process.ExitCode;
            _console.Event(HostEvent.ProcessExited(Name, child.ProcessId, child.ExitCode));
            lock (_gate)
            {
                if (_current == child)
                {
                    _current = null;
                }
            }
        }
    }


    private sealed class Child(Process process, Uri url, int processId)
    {
        public Process Process { get; } = process;

        public Uri Url { get; } = url;

        public int ProcessId { get; } = processId;

        public int Reported;

        public int ExitCode { get; set; }
    }
}
