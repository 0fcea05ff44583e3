using System.Diagnostics;
using System.Globalization;

namespace TelegramAI.Benchmarks;

internal sealed record ProcessInfo(int Pid, int ParentPid, string CommandLine);

/// <summary>Linux processes read from /proc: trees, PSS, signals.</summary>
internal static class Processes
{
    /// <summary>
    /// The process and everything under it, and the DCP that an AppHost among them started (DCP leaves its
    /// parent's tree and watches the AppHost by pid: <c>dcp start-apiserver --monitor &lt;pid&gt;</c>).
    /// </summary>
    public static IReadOnlyList<ProcessInfo> Tree(int root)
    {
        var all = All();
        var found = Under(all, [root]);
        var dcp = all.Where(process => process.CommandLine.Contains("dcp start-apiserver", StringComparison.Ordinal)
            && found.Any(mine => process.CommandLine.Contains($"--monitor {mine.Pid} ", StringComparison.Ordinal))).Select(process => process.Pid);
        return [.. found.Concat(Under(all, dcp)).DistinctBy(process => process.Pid)];
    }

    /// <summary>Proportional set size in bytes (shared pages split among the processes that map them); 0 when gone.</summary>
    public static long Pss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits until none of <paramref name="processes"/> is left; kills what outlives the wait, and says so.</summary>
    public static async Task WaitGoneAsync(IReadOnlyList<ProcessInfo> processes, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (processes.Any(process => Directory.Exists($"/proc/{process.Pid}")) && deadline.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        foreach (var left in processes.Where(process => Directory.Exists($"/proc/{process.Pid}")))
        {
            Console.Error.WriteLine($"still running after {limit.TotalSeconds:0} s, killed: {left.Pid} {left.CommandLine}");
            Signal(left.Pid, "KILL");
        }
    }

    private static List<ProcessInfo> All() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(path => int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? Read(pid) : null)
            .OfType<ProcessInfo>()];

    private static List<ProcessInfo> Under(List<ProcessInfo> all, IEnumerable<int> roots)
    {
        var found = new List<ProcessInfo>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid))
        {
            if (all.FirstOrDefault(process => process.Pid == pid) is { } process && found.All(seen => seen.Pid != pid))
            {
                found.Add(process);
                foreach (var child in all.Where(candidate => candidate.ParentPid == pid))
                {
                    pending.Enqueue(child.Pid);
                }
            }
        }

        return found;
    }

    private static ProcessInfo? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            return new ProcessInfo(pid, parent, File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
