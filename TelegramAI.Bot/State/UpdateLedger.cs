using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Telegram;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Bot.State;

/// <summary>What the bot did for one update: the messages it sent and the jobs it started.</summary>
/// <param name="SentMessageIds">Answers and status messages, so a redelivered update is not answered twice.</param>
/// <param name="Jobs">The jobs, with their status message ids and deterministic job ids.</param>
/// <param name="Settled">True once the jobs are on the queue (or the user was told they could not be).</param>
public sealed record HandledUpdate(int UpdateId, int[] SentMessageIds, JobMessage[] Jobs, bool Settled, DateTimeOffset RecordedAt);

/// <summary>
/// A small record, kept in a file under <see cref="BotOptions.StateDirectory"/>, of what the bot did
/// for updates Telegram has not yet been told are done. Telegram delivers such an update again after
/// a restart; the record turns that into "enqueue what is not yet on the queue, with the status
/// messages already sent" rather than a second status message.
/// <para>
/// It is written after the status messages of a batch are sent and again after the jobs are on the
/// queue, and forgotten once Telegram confirms the updates (the next getUpdates offset). What remains
/// uncovered is a crash between Telegram accepting a status message and the file being written
/// (milliseconds): the user then sees a second status message for that request, and still one job.
/// A file is enough because one bot host runs one polling loop; in production the folder is on the
/// host (deploy/), so a new container finds it. On a host that loses it, the fallback is that same
/// second status message.
/// </para>
/// </summary>
public sealed partial class UpdateLedger
{
    private static readonly TimeSpan KeepAtMost = TimeSpan.FromDays(1);

    private readonly Lock gate = new();
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly string path;
    private readonly TimeProvider time;
    private readonly ILogger<UpdateLedger> logger;
    private Dictionary<int, HandledUpdate>? updates;

    public UpdateLedger(IOptions<BotOptions> options, IOptions<TelegramOptions> telegram, TimeProvider time, ILogger<UpdateLedger> logger)
    {
        path = Path.Combine(options.Value.StateDirectory, $"handled-updates-{JobIds.BotIdOf(telegram.Value.BotToken)}.json");
        this.time = time;
        this.logger = logger;
    }

    public bool TryGet(int updateId, out HandledUpdate handled)
    {
        lock (gate)
        {
            return Loaded().TryGetValue(updateId, out handled!);
        }
    }

    /// <summary>Keeps <paramref name="handled"/> in memory; <see cref="SaveAsync"/> writes it out.</summary>
    public void Record(HandledUpdate handled)
    {
        ArgumentNullException.ThrowIfNull(handled);
        lock (gate)
        {
            Loaded()[handled.UpdateId] = handled;
        }
    }

    /// <summary>Telegram was told that every update below <paramref name="offset"/> is done: it never sends them again.</summary>
    public void ConfirmBelow(int offset)
    {
        lock (gate)
        {
            var loaded = Loaded();
            foreach (var updateId in loaded.Keys.Where(id => id < offset).ToList())
            {
                loaded.Remove(updateId);
            }
        }
    }

    /// <summary>Writes the record (replacing the file whole, so a crash mid-write leaves the old one).</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken);
        try
        {
            byte[] content;
            lock (gate)
            {
                // Webhook deliveries are never confirmed by an offset; age takes them out.
                var loaded = Loaded();
                var tooOld = time.GetUtcNow() - KeepAtMost;
                foreach (var stale in loaded.Values.Where(u => u.RecordedAt < tooOld).ToList())
                {
                    loaded.Remove(stale.UpdateId);
                }

                content = JsonSerializer.SerializeToUtf8Bytes([.. loaded.Values], LedgerJson.Default.HandledUpdateArray);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, content, CancellationToken.None);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            writing.Release();
        }
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private Dictionary<int, HandledUpdate> Loaded()
    {
        if (updates is not null)
        {
            return updates;
        }

        updates = [];
        try
        {
            if (File.Exists(path))
            {
                foreach (var handled in JsonSerializer.Deserialize(File.ReadAllBytes(path), LedgerJson.Default.HandledUpdateArray) ?? [])
                {
                    updates[handled.UpdateId] = handled;
                }

                LogLoaded(updates.Count, path);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Without the record a redelivered update gets a second status message; that beats not starting.
            LogUnreadable(path, e.Message);
        }

        return updates;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read the record of {Count} updates not yet confirmed to Telegram from {Path}")]
    private partial void LogLoaded(int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the record of handled updates at {Path}; starting without it: {Reason}")]
    private partial void LogUnreadable(string path, string reason);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(HandledUpdate[]))]
internal sealed partial class LedgerJson : JsonSerializerContext;
