using Microsoft.Extensions.Options;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Telegram.LocalChat;

/// <summary>
/// Owns the Bot API stand-in for the life of the service. It starts before the web server does, so
/// <c>/health</c> answers only once the bot can reach its Telegram.
/// </summary>
public sealed class BotApiStandIn(IOptions<LocalChatOptions> options, ILogger<BotApiStandIn> logger) : IHostedService, IAsyncDisposable
{
    private TelegramBotApiEmulator? _emulator;

    /// <summary>The running stand-in; only read after the host has started.</summary>
    public TelegramBotApiEmulator Emulator => _emulator ?? throw new InvalidOperationException("The Bot API stand-in has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The test hooks let an end-to-end test play many users over loopback, as the chat page plays one.
        _emulator = await TelegramBotApiEmulator.StartAsync(options.Value.BotToken, enableTestHooks: true, options.Value.ApiPort, cancellationToken);
        logger.LogInformation("Bot API stand-in listening on {BaseUrl}", _emulator.BaseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _emulator, null) is { } emulator)
        {
            await emulator.DisposeAsync();
        }
    }
}
