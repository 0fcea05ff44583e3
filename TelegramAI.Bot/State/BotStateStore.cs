using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Telegram;

namespace TelegramAI.Bot.State;

/// <summary>
/// The bot's memory: the <see cref="UpdateLedger"/>, the <see cref="JobBook"/> and the <see cref="ChatDirectory"/>,
/// kept in one <see cref="StateJournal"/> so that their changes reach the disk in the order they happened.
/// <para>
/// Message ids, which the memory is keyed by, mean something only on one Telegram server for one bot: a local Bot
/// API server numbers its chats afresh. So the memory lives in a folder of its own per bot and per Bot API server,
/// <c>&lt;Bot__StateDirectory&gt;/&lt;bot id&gt;-&lt;hash of Telegram__ApiBaseUrl&gt;</c>, and another server's
/// records are never taken for this one's.
/// </para>
/// </summary>
public sealed class BotStateStore : IDisposable
{
    private readonly StateJournal journal;

    public BotStateStore(IOptions<BotOptions> options, IOptions<TelegramOptions> telegram, IHostEnvironment environment, TimeProvider time, ILogger<StateJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telegram);
        ArgumentNullException.ThrowIfNull(environment);
        Folder = FolderFor(options.Value.StateDirectory, environment.EnvironmentName, telegram.Value);
        journal = new StateJournal(Path.Combine(Folder, "journal.jsonl"), logger);
        Updates = new UpdateLedger(journal, time);
        Jobs = new JobBook(journal, time);
        Chats = new ChatDirectory(journal, time);
        journal.Open(
            record =>
            {
                Chats.Apply(record);
                Jobs.Apply(record);
                Updates.Apply(record);
            },
            () =>
            {
                var now = time.GetUtcNow();
                return [.. Chats.Snapshot(now), .. Jobs.Snapshot(now), .. Updates.Snapshot(now)];
            });
    }

    /// <summary>The folder of this bot on this Bot API server.</summary>
    public string Folder { get; }

    /// <summary>The bot and its Bot API server, <c>&lt;bot id&gt;-&lt;hash of the server&gt;</c>: the folder's name, and part of every job id.</summary>
    public string Key => Path.GetFileName(Folder);

    public UpdateLedger Updates { get; }

    public JobBook Jobs { get; }

    public ChatDirectory Chats { get; }

    /// <summary>
    /// <c>&lt;state directory&gt;/&lt;bot id&gt;-&lt;server&gt;</c>; the state directory defaults to one per user and
    /// environment (<c>~/.local/share/TelegramAI/bot/&lt;environment&gt;</c>), not a folder everything on the machine shares.
    /// </summary>
    public static string FolderFor(string? stateDirectory, string environmentName, TelegramOptions telegram)
    {
        ArgumentNullException.ThrowIfNull(telegram);
        var root = string.IsNullOrWhiteSpace(stateDirectory) ? DefaultDirectory(environmentName) : stateDirectory;
        var server = new Uri(telegram.ApiBaseUrl).GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        var serverKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server)))[..12];
        return Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{JobIds.BotIdOf(telegram.BotToken)}-{serverKey}"));
    }

    public static string DefaultDirectory(string environmentName)
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            // No home folder (a bare service account): the temporary folder, but still one per user.
            data = Path.Combine(Path.GetTempPath(), $"telegramai-{Environment.UserName}");
        }

        return Path.Combine(data, "TelegramAI", "bot", environmentName);
    }

    public void Dispose() => journal.Dispose();
}
