using System.Diagnostics;
using System.Reflection;
using TelegramAI.AppHost.LocalResources;
using TelegramAI.AppHost.Run;

namespace TelegramAI.Tests.Support;

/// <summary>
/// The AppHost run as a developer runs it (<c>dotnet TelegramAI.AppHost.dll</c>), in plain-output mode, its
/// lines collected so a test can wait for its events: the stand-in's address, child pids, worker counts.
/// Disposing kills whatever is still alive, by pid.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly string AppHostDll = typeof(AppHostProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "AppHostDll").Value!;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Every child the AppHost reported starting (moto, services, workers), by pid.</summary>
    public IReadOnlyList<(string Name, int Pid)> StartedChildren => [.. Events(HostEvent.ProcessStartedKind)
        .Select(fields => (fields["name"], int.Parse(fields["pid"], System.Globalization.CultureInfo.InvariantCulture)))];

    public static AppHostProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [AppHostDll])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in new[] { "AWS_ENDPOINT_URL", "Telegram__BotToken", "OTEL_EXPORTER_OTLP_ENDPOINT" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["AppHost__View"] = "Plain";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var host = new AppHostProcess(Process.Start(start)!);
        host._process.OutputDataReceived += (_, e) => host.Add(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The fields of every event of <paramref name="kind"/> so far.</summary>
    public IEnumerable<IReadOnlyDictionary<string, string>> Events(string kind) =>
        Lines.Select(line => HostEvent.TryParse(line, out var k, out var fields) && k == kind ? fields : null).OfType<IReadOnlyDictionary<string, string>>();

    /// <summary>Waits for an event of <paramref name="kind"/> whose fields match, and returns them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitForEventAsync(
        string kind, Func<IReadOnlyDictionary<string, string>, bool>? match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string>? found = null;
        await WaitUntilAsync(
            () => (found = Events(kind).FirstOrDefault(fields => match?.Invoke(fields) ?? true)) is not null, $"'{kind}'", timeout, cancellationToken);
        return found!;
    }

    /// <summary>Checks <paramref name="condition"/> after every line the AppHost prints until it holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                signal = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            if (_process.HasExited)
            {
                // Its last lines may still be on their way: WaitForExitAsync returns once the pipes are drained.
                await _process.WaitForExitAsync(cancellationToken);
                if (condition())
                {
                    return;
                }

                throw new InvalidOperationException($"The AppHost exited with {_process.ExitCode} before {what}:\n{Tail()}");
            }

            try
            {
                await Task.WhenAny(signal, _process.WaitForExitAsync(deadline.Token)).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what} from the AppHost:\n{Tail()}");
            }
        }
    }

    /// <summary>Ctrl-C, as a developer stops it; returns once it has exited.</summary>
    public async Task InterruptAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProcessSignals.Interrupt(_process).ShouldBeTrue();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost did not exit within {timeout.TotalSeconds:0} s of SIGINT:\n{Tail()}");
        }
    }

    /// <summary>The last lines, without the services' logs of the AppHost's own health checks.</summary>
    public string Tail(int count = 120) => string.Join('\n', Lines
        .Where(line => !line.Contains("Health checks", StringComparison.Ordinal))
        .TakeLast(count)
        .Select(line => line.Length > 300 ? line[..300] : line));

    public static bool IsAlive(int pid)
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var (_, pid) in StartedChildren.Where(child => IsAlive(child.Pid)))
        {
            try
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone meanwhile.
            }
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }
}
