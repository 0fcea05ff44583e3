using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace TelegramAI.Worker.Downloads;

/// <summary>
/// Runs a program directly, never through a shell: each argument reaches it as exactly one argv entry.
/// Output is handed over line by line as it comes, so nothing large is held in memory.
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs to the end and returns the exit code. On cancellation the whole process tree is killed and
    /// waited for before the <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public static async Task<int> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        Action<string> onOutputLine,
        Action<string> onErrorLine,
        Action<int>? onStarted,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        // Python block-buffers a piped stdout, which would hold progress lines back until the end.
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";
        startInfo.Environment["PYTHONIOENCODING"] = "utf-8";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{fileName}': {e.Message}", e);
        }

        // Nothing is ever typed in: a prompt must see end of input rather than wait forever.
        process.StandardInput.Close();
        onStarted?.Invoke(process.Id);

        var output = PumpAsync(process, process.StandardOutput, onOutputLine);
        var error = PumpAsync(process, process.StandardError, onErrorLine);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(output, error);
            throw;
        }

        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    private static async Task PumpAsync(Process process, StreamReader reader, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
                onLine(line);
        }
        catch
        {
            // Undrained, the pipe fills and the child blocks forever; it must not outlive its reader.
            KillTree(process);
            throw;
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}
