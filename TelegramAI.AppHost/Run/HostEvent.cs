using System.Globalization;
using System.Text.RegularExpressions;

namespace TelegramAI.AppHost.Run;

/// <summary>
/// The AppHost's own lines in plain output: <c>[apphost] kind key=value ...</c>. People read them, and a
/// test driving the AppHost from outside parses them (the stand-in's address, child pids, worker counts).
/// </summary>
internal static partial class HostEvent
{
    public const string Prefix = "[apphost] ";

    public const string Ready = "ready";
    public const string Stopped = "stopped";
    public const string TelegramEmulatorKind = "telegram-emulator";
    public const string ProcessStartedKind = "process-started";
    public const string ProcessExitedKind = "process-exited";
    public const string WorkersKind = "workers";
    public const string QueueKind = "queue";
    public const string MetricKind = "metric";

    /// <summary>The stand-in's address (its token is the well-known fake one), its test hooks and the terminal user's chat.</summary>
    public static string TelegramEmulator(Uri baseUrl, Uri? hooks, long chatId) =>
        Line(TelegramEmulatorKind, ("base-url", baseUrl.ToString()), ("hooks", hooks?.ToString() ?? "off"), ("chat", chatId.ToString(CultureInfo.InvariantCulture)));

    public static string ProcessStarted(string name, int pid) => Line(ProcessStartedKind, ("name", name), ("pid", Number(pid)));

    public static string ProcessExited(string name, int pid, int exitCode) =>
        Line(ProcessExitedKind, ("name", name), ("pid", Number(pid)), ("code", Number(exitCode)));

    public static string Workers(int desired, int running) => Line(WorkersKind, ("desired", Number(desired)), ("running", Number(running)));

    public static string Queue(int visible, int inFlight, int deadLetter) =>
        Line(QueueKind, ("visible", Number(visible)), ("in-flight", Number(inFlight)), ("dead-letter", Number(deadLetter)));

    public static string Metric(double backlogPerInstance) =>
        Line(MetricKind, ("backlog-per-instance", backlogPerInstance.ToString("0.###", CultureInfo.InvariantCulture)));

    /// <summary>Reads a line written by this class: its kind and fields, or false for any other line.</summary>
    public static bool TryParse(string line, out string kind, out IReadOnlyDictionary<string, string> fields)
    {
        kind = "";
        fields = new Dictionary<string, string>();
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !KindShape().IsMatch(parts[0]))
        {
            return false;
        }

        kind = parts[0];
        fields = parts.Skip(1).Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        return true;
    }

    private static string Line(string kind, params (string Key, string Value)[] fields) =>
        fields.Length == 0 ? kind : $"{kind} {string.Join(' ', fields.Select(field => $"{field.Key}={field.Value}"))}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex KindShape();
}
