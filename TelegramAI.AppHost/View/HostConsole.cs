using System.Text.Json;
using TelegramAI.AppHost.Run;

namespace TelegramAI.AppHost.View;

/// <summary>
/// Where every line goes: straight to standard output in plain mode, or into the live view's recent
/// lines. Service output is prefixed with the service's name; the AppHost's own lines with [apphost].
/// </summary>
public sealed class HostConsole(bool live)
{
    private const int Kept = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<string> _logs = new();
    private readonly LinkedList<string> _chat = new();

    public bool IsLive { get; } = live;

    /// <summary>What the developer is typing in the live view's chat.</summary>
    public string ChatInput { get; set; } = "";

    public void Service(string name, string line)
    {
        if (!IsLive)
        {
            Write(_logs, $"[{name}] {line}");
        }
        else if (Condense(line) is { } condensed)
        {
            Write(_logs, $"[{name}] {condensed}");
        }
    }

    public void Event(string line) => Write(_logs, HostEvent.Prefix + line);

    public void Chat(string line) => Write(_chat, $"[chat] {line}");

    /// <summary>Written in both modes: the live view is gone by then.</summary>
    public void Final(string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(HostEvent.Prefix + line);
            Console.Out.Flush();
        }
    }

    public IReadOnlyList<string> RecentLogs(int count) => Recent(_logs, count);

    public IReadOnlyList<string> RecentChat(int count) => Recent(_chat, count);

    /// <summary>
    /// The live view has room for a dozen lines: a service's JSON log line shrinks to its level and message,
    /// and the request logs of the AppHost's own health checks are left out. Plain output keeps every line whole.
    /// </summary>
    private static string? Condense(string line)
    {
        if (!line.StartsWith('{'))
        {
            return line;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var category = root.TryGetProperty("Category", out var c) ? c.GetString() : null;
            if (category is "Microsoft.AspNetCore.Routing.EndpointMiddleware" or "Microsoft.AspNetCore.Hosting.Diagnostics")
            {
                return null;
            }

            var level = root.TryGetProperty("LogLevel", out var l) ? l.GetString() : null;
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() : null;
            return message is null ? line : $"{level}: {message}";
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private void Write(LinkedList<string> buffer, string line)
    {
        lock (_gate)
        {
            if (!IsLive)
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
                return;
            }

            buffer.AddLast(line);
            if (buffer.Count > Kept)
            {
                buffer.RemoveFirst();
            }
        }
    }

    private IReadOnlyList<string> Recent(LinkedList<string> buffer, int count)
    {
        lock (_gate)
        {
            return [.. buffer.Skip(Math.Max(0, buffer.Count - count))];
        }
    }
}
