using Microsoft.Extensions.Options;
using TelegramAI.Bot.Configuration;
using TelegramAI.Bot.Conversation;
using TelegramAI.Bot.Telegram;

namespace TelegramAI.Bot.State;

/// <summary>
/// The jobs whose final result the user has been given, kept in a file under
/// <see cref="BotOptions.StateDirectory"/> so that a result SQS delivers again after a restart (it was
/// reported, but the bot stopped before deleting it) is not reported a second time: no second video,
/// and no progress over the link.
/// </summary>
public sealed partial class FinishedJobs
{
    // Bounds memory and the file: finished jobs are only needed while their stragglers can still arrive.
    private const int MaxRemembered = 50_000;

    private readonly Lock gate = new();
    private readonly HashSet<Guid> finished = [];
    private readonly Queue<Guid> order = new();
    private readonly string path;
    private readonly ILogger<FinishedJobs> logger;
    private bool loaded;
    private int appended;

    public FinishedJobs(IOptions<BotOptions> options, IOptions<TelegramOptions> telegram, ILogger<FinishedJobs> logger)
    {
        path = Path.Combine(options.Value.StateDirectory, $"finished-jobs-{JobIds.BotIdOf(telegram.Value.BotToken)}.txt");
        this.logger = logger;
    }

    public bool Contains(Guid jobId)
    {
        lock (gate)
        {
            Load();
            return finished.Contains(jobId);
        }
    }

    public void Add(Guid jobId)
    {
        lock (gate)
        {
            Load();
            if (!Remember(jobId))
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (++appended > MaxRemembered)
                {
                    // Rewritten now and then with only what is remembered, so the file stays bounded too.
                    File.WriteAllLines(path, order.Select(id => id.ToString("N")));
                    appended = 0;
                }
                else
                {
                    File.AppendAllText(path, jobId.ToString("N") + "\n");
                }
            }
            catch (IOException e)
            {
                LogNotSaved(e.Message);
            }
        }
    }

    private bool Remember(Guid jobId)
    {
        if (!finished.Add(jobId))
        {
            return false;
        }

        order.Enqueue(jobId);
        if (order.Count > MaxRemembered)
        {
            finished.Remove(order.Dequeue());
        }

        return true;
    }

    private void Load()
    {
        if (loaded)
        {
            return;
        }

        loaded = true;
        try
        {
            foreach (var line in File.Exists(path) ? File.ReadLines(path) : [])
            {
                if (Guid.TryParseExact(line, "N", out var jobId))
                {
                    Remember(jobId);
                }
            }
        }
        catch (IOException e)
        {
            LogNotLoaded(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished jobs could not be recorded; after a restart a repeated result may be reported again: {Reason}")]
    private partial void LogNotSaved(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished jobs could not be read; a repeated result may be reported again: {Reason}")]
    private partial void LogNotLoaded(string reason);
}
