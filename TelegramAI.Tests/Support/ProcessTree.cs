using System.Globalization;

namespace TelegramAI.Tests.Support;

/// <summary>One process as /proc shows it; its start time tells it apart from a later process given the same id.</summary>
public sealed record ProcessEntry(int Pid, int ParentPid, long StartTicks, string CommandLine)
{
    /// <summary>Whether this very process (same id, same start) still exists, zombies aside.</summary>
    public bool IsAlive => ProcessTree.Read(Pid) is { } now && now.StartTicks == StartTicks && !ProcessTree.IsZombie(Pid);

    public override string ToString() => $"{Pid} {(CommandLine.Length > 160 ? CommandLine[..160] : CommandLine)}";
}

/// <summary>The processes of this (Linux) machine by parent, read from /proc.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<ProcessEntry> All() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(path => int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? Read(pid) : null)
            .OfType<ProcessEntry>()];

    /// <summary>The processes under <paramref name="roots"/>, the roots included.</summary>
    public static IReadOnlyList<ProcessEntry> Descendants(IReadOnlyList<ProcessEntry> all, IEnumerable<int> roots)
    {
        var found = new Dictionary<int, ProcessEntry>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid))
        {
            if (all.FirstOrDefault(entry => entry.Pid == pid) is { } entry && found.TryAdd(pid, entry))
            {
                foreach (var child in all.Where(candidate => candidate.ParentPid == pid))
                {
                    pending.Enqueue(child.Pid);
                }
            }
        }

        return [.. found.Values];
    }

    public static ProcessEntry? Read(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ... starttime(22nd) ..."; comm may hold spaces and parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new ProcessEntry(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture), commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
