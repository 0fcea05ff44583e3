using System.Text;
using System.Text.Json;

namespace TelegramAI.Bot.State;

/// <summary>
/// The file the bot's memory lives in: one JSON <see cref="StateRecord"/> per line, appended as things happen and
/// read back at start. Every change to the memory goes through <see cref="Append(IReadOnlyCollection{StateRecord})"/>,
/// which hands it to each part of the memory and writes it, under one lock, so the file and the memory agree on the
/// order of things. Now and then it is rewritten with only what is still remembered (a compaction), into a new
/// file that replaces the old one whole, so a crash leaves one or the other. A line cut short by a crash is skipped
/// when read. One bot process owns the folder (the production host runs one).
/// </summary>
public sealed partial class StateJournal : IDisposable
{
    // Rewritten once the file holds this many lines more than the records a compaction would keep.
    private const int CompactAfterLines = 20_000;

    private readonly Lock gate = new();
    private readonly string path;
    private readonly ILogger logger;
    private Func<IEnumerable<StateRecord>>? snapshot;
    private Action<StateRecord>? apply;
    private FileStream? file;
    private int linesSinceCompaction;
    private int keptAtCompaction;
    private bool disposed;

    public StateJournal(string path, ILogger logger)
    {
        this.path = path;
        this.logger = logger;
    }

    public string FilePath => path;

    /// <summary>
    /// Reads every record in the file, oldest first, into <paramref name="apply"/>, which from then on also takes
    /// every record appended, just before it is written; <paramref name="compact"/> gives what a compaction keeps.
    /// </summary>
    public void Open(Action<StateRecord> apply, Func<IEnumerable<StateRecord>> compact)
    {
        lock (gate)
        {
            this.apply = apply;
            snapshot = compact;
            var records = new List<StateRecord>();
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (File.Exists(path))
                {
                    var skipped = 0;
                    foreach (var line in File.ReadLines(path))
                    {
                        if (Parse(line) is { } record)
                        {
                            records.Add(record);
                        }
                        else if (line.Length > 0)
                        {
                            skipped++;
                        }
                    }

                    if (skipped > 0)
                    {
                        LogSkipped(skipped, path);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Without its memory the bot may repeat a reply or a job; that beats not starting.
                LogUnreadable(path, e.Message);
            }

            foreach (var record in records)
            {
                apply(record);
            }

            linesSinceCompaction = records.Count;
        }
    }

    /// <summary>Applies <paramref name="records"/> to the bot's memory and adds them to the file, in one write.</summary>
    public void Append(IReadOnlyCollection<StateRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(JsonSerializer.Serialize(record, StateJson.Default.StateRecord)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (gate)
        {
            if (disposed)
            {
                // The host is gone; a straggler's record would only recreate the file behind it.
                return;
            }

            foreach (var record in records)
            {
                apply?.Invoke(record);
            }

            try
            {
                file ??= OpenForAppend();
                file.Write(bytes);
                file.Flush();
                linesSinceCompaction += records.Count;
                if (linesSinceCompaction - keptAtCompaction > CompactAfterLines)
                {
                    CompactLocked();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                file?.Dispose();
                file = null;
                LogNotWritten(path, e.Message);
            }
        }
    }

    public void Append(params StateRecord[] records) => Append((IReadOnlyCollection<StateRecord>)records);

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            file?.Dispose();
            file = null;
        }
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void CompactLocked()
    {
        var kept = snapshot?.Invoke().ToList() ?? [];
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            foreach (var record in kept)
            {
                writer.Write(JsonSerializer.Serialize(record, StateJson.Default.StateRecord));
                writer.Write('\n');
            }
        }

        file?.Dispose();
        File.Move(temporary, path, overwrite: true);
        file = OpenForAppend();
        LogCompacted(linesSinceCompaction, kept.Count);
        linesSinceCompaction = kept.Count;
        keptAtCompaction = kept.Count;
    }

    private FileStream OpenForAppend()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    private static StateRecord? Parse(string line)
    {
        try
        {
            return line.Length == 0 ? null : JsonSerializer.Deserialize(line, StateJson.Default.StateRecord);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Count} unreadable lines of {Path} (a write cut short by a crash)")]
    private partial void LogSkipped(int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the bot's state at {Path}; starting without it: {Reason}")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the bot's state to {Path}; after a restart a reply or job may be repeated: {Reason}")]
    private partial void LogNotWritten(string path, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compacted the bot's state from {Lines} lines to {Kept}")]
    private partial void LogCompacted(int lines, int kept);
}
