using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Rendering;
using TelegramAI.AppHost.LocalTelegram;
using TelegramAI.AppHost.Run;

namespace TelegramAI.AppHost.View;

/// <summary>
/// The terminal dashboard: every resource's state, health and restarts; the jobs queue, the scaling metric and
/// the worker pool; recent jobs in the local chat; the chat itself and the latest log lines.
/// </summary>
public sealed class LiveView(AppModel model, HostConsole console, IOptions<AppHostOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    private readonly AppHostOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!console.IsLive)
        {
            return;
        }

        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            using var timer = new PeriodicTimer(Refresh, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    context.UpdateTarget(Render());
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                context.UpdateTarget(Render());
            }
        });
    }

    private IRenderable Render() => new Rows(
        new Panel(ResourcesWithRows()).Header("TelegramAI local run - Ctrl-C stops everything").Expand(),
        new Columns(new Panel(Scaling()).Header("Scaling"), new Panel(RecentJobs()).Header("Recent jobs")),
        new Panel(Lines(console.RecentChat(10), $"> {console.ChatInput}_")).Header("Chat").Expand(),
        new Panel(Lines(console.RecentLogs(12), null)).Header("Logs").Expand());

    private static Table Resources()
    {
        var table = new Table().Border(TableBorder.Simple).Expand();
        foreach (var column in new[] { "Resource", "Kind", "State", "Health", "Restarts", "PID", "Endpoint", "Detail" })
        {
            table.AddColumn(column);
        }

        return table;
    }

    private Table ResourcesWithRows()
    {
        var table = Resources();
        foreach (var resource in model.Resources)
        {
            table.AddRow(
                Markup.Escape(resource.Name),
                Markup.Escape(resource.Kind),
                StateMarkup(resource.State),
                resource.Health is { } health ? (health == "healthy" ? "[green]healthy[/]" : $"[red]{Markup.Escape(health)}[/]") : "",
                resource.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                resource.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(resource.Endpoint ?? ""),
                Markup.Escape(resource.Detail ?? ""));
        }

        return table;
    }

    private IRenderable Scaling()
    {
        var s = model.Scaling;
        string Count(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
        return new Markup(string.Join('\n',
            $"jobs waiting     {Count(s.Visible)}",
            $"jobs in flight   {Count(s.InFlight)}",
            $"dead letters     {Count(s.DeadLetter)}",
            $"BacklogPerInstance {(s.BacklogPerInstance is { } metric ? metric.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "-")} (target {_options.BacklogPerInstanceTarget})",
            $"workers          {s.Running} running / {s.Desired} desired ({_options.MinWorkers}..{_options.MaxWorkers})"));
    }

    private IRenderable RecentJobs()
    {
        if (!model.Ready.IsCompletedSuccessfully || model.Ready.Result.LocalTelegram is not { } telegram)
        {
            return new Text("(the bot's own chats are on real Telegram)");
        }

        var messages = telegram.MessagesTo(TerminalChat.UserId).TakeLast(6).ToList();
        return messages.Count == 0
            ? new Text("none yet")
            : new Markup(string.Join('\n', messages.Select(message =>
                $"#{message.MessageId} {Markup.Escape(Shorten(message.Text, 60))}{(message.IsEdited ? $" [grey]({message.TextHistory.Count - 1} edits)[/]" : "")}")));
    }

    /// <summary>One row per line, cut at the panel's edge, so the view keeps its height on any terminal.</summary>
    private static IRenderable Lines(IReadOnlyList<string> lines, string? last)
    {
        var text = string.Join('\n', lines.Select(line => Shorten(line, 400)));
        return new Text(last is null ? text : text.Length == 0 ? last : $"{text}\n{last}").Overflow(Overflow.Ellipsis);
    }

    private static string StateMarkup(ResourceState state) => state switch
    {
        ResourceState.Running => "[green]running[/]",
        ResourceState.Failed => "[red]failed[/]",
        ResourceState.Restarting => "[yellow]restarting[/]",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text, int length)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= length ? line : line[..(length - 1)] + "…";
    }
}
