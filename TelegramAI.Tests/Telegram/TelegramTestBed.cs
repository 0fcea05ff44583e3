using TelegramAI.Telegram;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Tests.Telegram;

/// <summary>A started stand-in and a real client pointed at it, over loopback HTTP.</summary>
public abstract class TelegramTestBed : IAsyncLifetime
{
    protected const long UserId = 4242;
    protected const long PrivateChatId = UserId;

    private readonly List<HttpClient> httpClients = [];

    protected TelegramBotApiEmulator Emulator { get; private set; } = null!;

    protected ITelegramBotClient Client { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Emulator = await TelegramBotApiEmulator.StartAsync(cancellationToken: Ct);
        Client = CreateClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var httpClient in httpClients)
        {
            httpClient.Dispose();
        }

        await Emulator.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected TelegramBotClient CreateClient(Action<TelegramOptions>? configure = null)
    {
        var options = new TelegramOptions { BotToken = Emulator.BotToken, ApiBaseUrl = Emulator.BaseUrl.ToString() };
        configure?.Invoke(options);
        var httpClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        httpClients.Add(httpClient);
        return new TelegramBotClient(options, httpClient);
    }
}
