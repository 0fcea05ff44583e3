using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace TelegramAI.Tests.Worker;

/// <summary>
/// The real Worker (<c>dotnet TelegramAI.Worker.dll</c>) as a child process, as it runs on an instance:
/// stopped with SIGTERM or SIGKILL by its process id, and killed with everything it started on dispose.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly string WorkerDll = typeof(WorkerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(metadata => metadata.Key == "WorkerDll").Value!;

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private WorkerProcess(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Nothing from the test's own environment may point the worker elsewhere.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join(Environment.NewLine, _output);
        }
    }

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment) => new(environment);

    /// <summary>Runs the worker binary with <paramref name="arguments"/> to its end (a command such as <c>--health-probe</c>).</summary>
    public static async Task<(int ExitCode, string Output)> RunToEndAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>
    /// The attempt numbers (the message's receive count, ApproximateReceiveCount) with which this worker
    /// started the job, read from its JSON log: the "Processing job" entry and its JobId and Attempt scope.
    /// </summary>
    public IReadOnlyList<int> AttemptsOf(Guid jobId)
    {
        var attempts = new List<int>();
        foreach (var line in Lines().Where(l => l.StartsWith('{') && l.Contains("Processing job", StringComparison.Ordinal)))
        {
            using var entry = JsonDocument.Parse(line);
            if (!entry.RootElement.TryGetProperty("Scopes", out var scopes))
                continue;
            foreach (var scope in scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                if (scope.TryGetProperty("JobId", out var id) && id.GetString() == jobId.ToString() && scope.TryGetProperty("Attempt", out var attempt))
                    attempts.Add(attempt.GetInt32());
            }
        }

        return attempts;
    }

    /// <summary>How many lines of the log contain <paramref name="text"/>.</summary>
    public int CountOutput(string text) => Lines().Count(line => line.Contains(text, StringComparison.Ordinal));

    private List<string> Lines()
    {
        lock (_output)
            return [.. _output];
    }

    /// <summary>SIGTERM, as an Auto Scaling scale-in or <c>docker stop</c> sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL to the worker and the yt-dlp it runs, as when an instance dies.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(limit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The worker did not exit within {limit}. Its output:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for a line of the worker's log that contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
                return;
            _waiters.Add((text, seen));
        }

        try
        {
            await seen.Task.WaitAsync(limit, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The worker did not log '{text}' within {limit}. Its output:{Environment.NewLine}{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;

        lock (_output)
        {
            _output.Add(line);
            foreach (var waiter in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
