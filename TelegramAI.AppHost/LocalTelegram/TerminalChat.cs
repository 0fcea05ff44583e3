using Microsoft.Extensions.Hosting;
using TelegramAI.AppHost.Run;
using TelegramAI.AppHost.View;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.AppHost.LocalTelegram;

/// <summary>
/// The developer's Telegram when no bot token is given: what they type is a message from a user to the bot
/// (through the local Bot API stand-in), and what the bot sends, edits and uploads is shown as it happens.
/// </summary>
public sealed class TerminalChat(AppModel model, HostConsole console) : BackgroundService
{
    /// <summary>The user the terminal plays; a private chat's id is its user's id.</summary>
    public const long UserId = 1001;

    private static readonly TimeSpan WatchWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var system = await model.Ready.WaitAsync(stoppingToken);
            if (system.LocalTelegram is not { } telegram)
            {
                return;
            }

            console.Chat("type a message to the bot and press Enter (try /start, or paste a video link)");
            var reading = Task.Run(() => ReadInput(telegram, stoppingToken), CancellationToken.None);
            await WatchBotAsync(telegram, stoppingToken);
            _ = reading; // blocked on the terminal until the process ends; nothing to wait for
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WatchBotAsync(TelegramBotApiEmulator telegram, CancellationToken stoppingToken)
    {
        var shown = new Dictionary<int, int>();
        var videosShown = 0;
        var version = -1L;
        while (!stoppingToken.IsCancellationRequested)
        {
            version = await telegram.WaitForChangeAsync(version, WatchWait, stoppingToken);
            foreach (var message in telegram.MessagesTo(UserId))
            {
                var seen = shown.GetValueOrDefault(message.MessageId);
                foreach (var text in message.TextHistory.Skip(seen))
                {
                    console.Chat(seen++ == 0 ? $"bot: {text}" : $"bot (edited #{message.MessageId}): {text}");
                }

                shown[message.MessageId] = seen;
            }

            foreach (var video in telegram.VideosTo(UserId).Skip(videosShown))
            {
                var what = video.Url ?? $"{video.FileName ?? "upload"} ({video.Content?.LongLength ?? 0} bytes)";
                console.Chat($"bot sent a video: {what}{(video.Caption is { } caption ? $" \"{caption}\"" : "")}");
                videosShown++;
            }
        }
    }

    private void ReadInput(TelegramBotApiEmulator telegram, CancellationToken stoppingToken)
    {
        if (console.IsLive && !Console.IsInputRedirected)
        {
            ReadKeys(telegram, stoppingToken);
            return;
        }

        while (!stoppingToken.IsCancellationRequested && Console.ReadLine() is { } line)
        {
            Send(telegram, line);
        }
    }

    /// <summary>The live view owns the screen, so keys are collected here and the view shows the line being typed.</summary>
    private void ReadKeys(TelegramBotApiEmulator telegram, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Send(telegram, console.ChatInput);
                    console.ChatInput = "";
                    break;
                case ConsoleKey.Backspace:
                    console.ChatInput = console.ChatInput.Length == 0 ? "" : console.ChatInput[..^1];
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        console.ChatInput += key.KeyChar;
                    }

                    break;
            }
        }
    }

    private void Send(TelegramBotApiEmulator telegram, string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return;
        }

        console.Chat($"you: {text}");
        telegram.InjectTextMessage(UserId, UserId, text);
    }
}
