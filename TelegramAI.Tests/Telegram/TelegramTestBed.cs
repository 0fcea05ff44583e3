using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using TelegramAI.Bot.Telegram;
using TelegramAI.Telegram.Emulator;

namespace TelegramAI.Tests.Telegram;

/// <summary>
/// A started stand-in and Telegram.Bot's client pointed at it over loopback HTTP, registered the way the bot
/// registers it (service defaults, then <see cref="TelegramServiceCollectionExtensions.AddTelegramBotClient"/>),
/// so whatever those add to an HttpClient is part of every call here.
/// </summary>
public abstract class TelegramTestBed : IAsyncLifetime
{
    protected const long UserId = 4242;
    protected const long PrivateChatId = UserId;

    private readonly List<IHost> hosts = [];

    protected TelegramBotApiEmulator Emulator { get; private set; } = null!;

    protected ITelegramBotClient Client { get; private set; } = null!;

    /// <summary>Every log entry of every client this test created, at every level.</summary>
    protected FakeLogCollector Logs { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Emulator = await TelegramBotApiEmulator.StartAsync(cancellationToken: Ct);
        Client = CreateClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        await Emulator.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A client as the bot registers it, from the <c>Telegram</c> settings <paramref name="configure"/> may change.</summary>
    protected ITelegramBotClient CreateClient(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = Emulator.BotToken,
            ["Telegram:ApiBaseUrl"] = Emulator.BaseUrl.ToString(),
        };
        configure?.Invoke(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new FakeLoggerProvider(Logs));
        builder.Services.AddTelegramBotClient(builder.Configuration);
        var host = builder.Build();
        hosts.Add(host);
        return host.Services.GetRequiredService<ITelegramBotClient>();
    }
}
