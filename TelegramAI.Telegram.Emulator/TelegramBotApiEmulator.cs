using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TelegramAI.Telegram.Emulator.Wire;

namespace TelegramAI.Telegram.Emulator;

/// <summary>
/// An in-process stand-in for the Telegram Bot API on http://127.0.0.1:&lt;free port&gt;. Point the client's
/// <c>ApiBaseUrl</c> at <see cref="BaseUrl"/>, play the users with the <c>Inject…</c> methods (and
/// <see cref="BlockBot"/>, <see cref="DeleteMessage"/>) and read what the bot sent with <see cref="MessagesTo"/>,
/// <see cref="VideosTo"/> and the <c>WaitFor…</c> methods.
/// <para>
/// It is the other side of the wire from the bot's client, so it follows the official server
/// (https://core.telegram.org/bots/api and the telegram-bot-api server's behaviour), not any client: its own
/// model of the JSON (the <c>Wire</c> folder), parameters read as the server reads them (query string, JSON or
/// form; method names and parse modes in any case), and Telegram's error codes and descriptions for what it
/// refuses. A client that disagrees with the official format fails here as it would against Telegram.
/// </para>
/// </summary>
public sealed partial class TelegramBotApiEmulator : IAsyncDisposable
{
    /// <summary>A well-formed token that is not a real bot's.</summary>
    public const string DefaultBotToken = "123456789:AAEmulatedBotTokenForLocalUseOnly_0123";

    /// <summary>The first update's id: Telegram starts a bot's numbering at a random point, not at 1.</summary>
    public const int FirstUpdateId = 700_000_001;

    /// <summary>Chat ids below this are supergroups and channels (-100…), above it (and below 0) basic groups.</summary>
    public const long SupergroupIdsBelow = -1_000_000_000_000;

    private static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    // Every piece of state below is guarded by gate; every change completes `changed`, which is what
    // long polls, webhook delivery and the WaitFor… methods wait on.
    private readonly Lock gate = new();
    private TaskCompletionSource changed = NewSignal();
    private readonly List<Update> pendingUpdates = [];
    private readonly Dictionary<long, ChatLog> chats = [];
    private readonly Dictionary<string, int> callCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<ApiFault>> faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Video> videosByFileId = new(StringComparer.Ordinal);
    private readonly HashSet<long> blockedBy = [];
    private HashSet<string> allowedUpdates = [];
    private Webhook? webhook;
    private int nextUpdateId = FirstUpdateId;
    private int nextFileNumber;
    private long pollGeneration;
    private int waitingPolls;
    private string? lastWebhookError;
    private long version;
    private bool testHooksEnabled;

    private readonly CancellationTokenSource stopping = new();
    private readonly HttpClient webhookClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TimeProvider timeProvider = TimeProvider.System;
    private WebApplication? app;
    private Task webhookDelivery = Task.CompletedTask;

    private TelegramBotApiEmulator(string botToken)
    {
        BotToken = botToken;
        var botId = long.Parse(botToken.AsSpan(0, botToken.IndexOf(':')), provider: null);
        Bot = new User { Id = botId, IsBot = true, FirstName = "TelegramAI (emulated)", Username = "telegram_ai_emulated_bot" };
    }

    /// <summary>The address to use as the client's <c>ApiBaseUrl</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The only token the stand-in accepts; any other gets 401 like Telegram.</summary>
    public string BotToken { get; }

    /// <summary>What getMe answers.</summary>
    public User Bot { get; }

    /// <summary>Starts listening on a free loopback port, with Telegram's flood limits.</summary>
    public static Task<TelegramBotApiEmulator> StartAsync(string botToken = DefaultBotToken, CancellationToken cancellationToken = default) =>
        StartAsync(new TelegramBotApiEmulatorOptions { BotToken = botToken }, cancellationToken);

    /// <summary>
    /// Starts listening on a free loopback port, with Telegram's flood limits; with <paramref name="enableTestHooks"/>
    /// it also answers the HTTP test hooks under <c>/_emulator/</c> (see TelegramBotApiEmulator.TestHooks.cs).
    /// </summary>
    public static Task<TelegramBotApiEmulator> StartAsync(string botToken, bool enableTestHooks, CancellationToken cancellationToken = default) =>
        StartAsync(new TelegramBotApiEmulatorOptions { BotToken = botToken, EnableTestHooks = enableTestHooks }, cancellationToken);

    /// <summary>
    /// As above, on the given port of 127.0.0.1 (0: a free one). The AppHost's local Telegram listens where
    /// the AppHost told it, so the bot knows the address before the stand-in starts.
    /// </summary>
    public static Task<TelegramBotApiEmulator> StartAsync(string botToken, bool enableTestHooks, int port, CancellationToken cancellationToken = default) =>
        StartAsync(new TelegramBotApiEmulatorOptions { BotToken = botToken, EnableTestHooks = enableTestHooks, Port = port }, cancellationToken);

    /// <summary>Starts listening on 127.0.0.1, on <see cref="TelegramBotApiEmulatorOptions.Port"/>.</summary>
    public static async Task<TelegramBotApiEmulator> StartAsync(TelegramBotApiEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        var botToken = options.BotToken;
        if (!TokenShape().IsMatch(botToken))
        {
            throw new ArgumentException("The bot token must look like <digits>:<at least 30 letters, digits, _ or ->.", nameof(options));
        }

        var emulator = new TelegramBotApiEmulator(botToken)
        {
            testHooksEnabled = options.EnableTestHooks,
            flood = options.FloodLimits is { } limits ? new FloodGuard(limits) : null,
        };
        try
        {
            await emulator.StartServerAsync(options.Port, cancellationToken);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    private async Task StartServerAsync(int port, CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration files or environment, so nothing can move the port or address.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = 2 * MaxUploadBytes;
        });
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseUrl = new Uri(address);
        webhookDelivery = Task.Run(() => DeliverWebhooksAsync(stopping.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        // Cancelling first ends waiting long polls, so stopping the server does not wait for them.
        await stopping.CancelAsync();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await webhookDelivery;
        webhookClient.Dispose();
        fetchClient.Dispose();
        if (flood is not null)
        {
            await flood.DisposeAsync();
        }

        stopping.Dispose();
    }

    /// <summary>A user sends <paramref name="text"/>; bot commands and http(s) links get their entities as Telegram adds them.</summary>
    /// <param name="chatId">The user's id for a private chat, a negative id for a group.</param>
    public Update InjectTextMessage(long chatId, long userId, string text) =>
        InjectMessage(chatId, userId, message =>
        {
            message.Text = text;
            message.Entities = FindEntities(text);
        });

    public Update InjectStickerMessage(long chatId, long userId, string emoji = "👍") =>
        InjectMessage(chatId, userId, message => message.Sticker = new Sticker
        {
            FileId = NewFileId("CAACAgIAAxkBAAI"),
            FileUniqueId = NewFileId("AgAD"),
            Type = "regular",
            Width = 512,
            Height = 512,
            Emoji = emoji,
        });

    /// <summary>A user sends a photo, which Telegram delivers in several sizes.</summary>
    public Update InjectPhotoMessage(long chatId, long userId, string? caption = null) =>
        InjectMessage(chatId, userId, message =>
        {
            message.Photo =
            [
                new PhotoSize { FileId = NewFileId("AgACAgIAAxkBAAI"), FileUniqueId = NewFileId("AQAD"), Width = 90, Height = 90 },
                new PhotoSize { FileId = NewFileId("AgACAgIAAxkBAAI"), FileUniqueId = NewFileId("AQAD"), Width = 800, Height = 800 },
            ];
            message.Caption = caption;
            message.CaptionEntities = FindEntities(caption);
        });

    public Update InjectVoiceMessage(long chatId, long userId, int durationSeconds = 3) =>
        InjectMessage(chatId, userId, message => message.Voice = new Voice
        {
            FileId = NewFileId("AwACAgIAAxkBAAI"),
            FileUniqueId = NewFileId("AgAD"),
            Duration = durationSeconds,
            MimeType = "audio/ogg",
        });

    /// <summary>A message with none of the content fields modelled, as a service message looks to the bot.</summary>
    public Update InjectEmptyMessage(long chatId, long userId) => InjectMessage(chatId, userId, configure: null);

    /// <summary>
    /// A user sends a message that <paramref name="configure"/> fills in (id, sender, chat and date are set).
    /// The update is queued for getUpdates or the webhook and returned.
    /// </summary>
    public Update InjectMessage(long chatId, long userId, Action<Message>? configure)
    {
        if (chatId > 0 && chatId != userId)
        {
            throw new ArgumentException("A private chat's id is its user's id; use a negative id for a group.", nameof(chatId));
        }

        lock (gate)
        {
            var chat = ChatLogFor(chatId, userId);
            var message = new Message
            {
                MessageId = ++chat.LastMessageId,
                From = UserFor(userId),
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            };
            configure?.Invoke(message);
            chat.Messages[message.MessageId] = message;
            return Deliver(new Update { Message = message });
        }
    }

    /// <summary>
    /// The user deletes a message (in a private chat, the bot's messages too): editing it is then refused with
    /// "Bad Request: message to edit not found", and replies to it find nothing. What the bot sent before stays
    /// in <see cref="MessagesTo"/>.
    /// </summary>
    /// <returns>False when the chat has no such message.</returns>
    public bool DeleteMessage(long chatId, int messageId)
    {
        lock (gate)
        {
            var deleted = chats.TryGetValue(chatId, out var chat) && chat.Messages.Remove(messageId);
            NotifyChanged();
            return deleted;
        }
    }

    /// <summary>The update as Telegram posts it to a webhook: the JSON body, for delivering it again by hand.</summary>
    public static string ToJson(Update update) => System.Text.Json.JsonSerializer.Serialize(update, EmulatorJson.Default.Update);

    /// <summary>The bot's text messages in the chat, oldest first, as they are now.</summary>
    public IReadOnlyList<BotMessage> MessagesTo(long chatId)
    {
        lock (gate)
        {
            return chats.TryGetValue(chatId, out var chat) ? [.. chat.Texts.Select(text => text.Snapshot(chatId))] : [];
        }
    }

    /// <summary>The videos the bot sent to the chat, oldest first.</summary>
    public IReadOnlyList<SentVideo> VideosTo(long chatId)
    {
        lock (gate)
        {
            return chats.TryGetValue(chatId, out var chat) ? [.. chat.Videos] : [];
        }
    }

    /// <summary>How many times a method was called with the right token, faults included.</summary>
    public int CallCount(string method)
    {
        lock (gate)
        {
            return callCounts.GetValueOrDefault(method);
        }
    }

    /// <summary>Updates not yet confirmed by getUpdates or delivered to the webhook.</summary>
    public int PendingUpdateCount
    {
        get
        {
            lock (gate)
            {
                return pendingUpdates.Count;
            }
        }
    }

    /// <summary>The webhook set with setWebhook, or null while the bot polls.</summary>
    public Uri? WebhookUrl
    {
        get
        {
            lock (gate)
            {
                return webhook?.Url;
            }
        }
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="method"/> answer with <paramref name="fault"/>.</summary>
    public void FailNext(string method, ApiFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (gate)
        {
            if (!faults.TryGetValue(method, out var queue))
            {
                faults[method] = queue = new Queue<ApiFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Waits until the bot has a text message in the chat that matches (edits count), and returns it.</summary>
    public async Task<BotMessage> WaitForMessageAsync(
        long chatId, Func<BotMessage, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BotMessage? found = null;
        await WaitUntilAsync(
            () => (found = MessagesTo(chatId).FirstOrDefault(message => predicate?.Invoke(message) ?? true)) is not null,
            () => $"a bot message in chat {chatId} that matches; it has: {Describe(MessagesTo(chatId))}",
            timeout,
            cancellationToken);
        return found!;
    }

    /// <summary>Waits until the bot has sent a video to the chat that matches, and returns it.</summary>
    public async Task<SentVideo> WaitForVideoAsync(
        long chatId, Func<SentVideo, bool>? predicate = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        SentVideo? found = null;
        await WaitUntilAsync(
            () => (found = VideosTo(chatId).FirstOrDefault(video => predicate?.Invoke(video) ?? true)) is not null,
            () => $"a video in chat {chatId} that matches; {VideosTo(chatId).Count} videos were sent there",
            timeout,
            cancellationToken);
        return found!;
    }

    /// <summary>Waits until <paramref name="method"/> has been called at least <paramref name="count"/> times.</summary>
    public Task WaitForCallsAsync(string method, int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(
            () => CallCount(method) >= count,
            () => $"{count} calls of {method}; there were {CallCount(method)}",
            timeout,
            cancellationToken);

    /// <summary>Waits until a getUpdates call is parked waiting for updates.</summary>
    public Task WaitForLongPollAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(() => waitingPolls > 0, () => "a waiting getUpdates long poll", timeout, cancellationToken);

    /// <summary>Waits until every pending update was confirmed or delivered to the webhook.</summary>
    public Task WaitForNoPendingUpdatesAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(
            () => pendingUpdates.Count == 0,
            () => $"no pending updates; {pendingUpdates.Count} remain, last webhook error: {lastWebhookError ?? "none"}",
            timeout,
            cancellationToken);

    /// <summary>Checks <paramref name="condition"/> after every change of state until it holds or the time is up.</summary>
    private async Task WaitUntilAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? DefaultWaitTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (condition())
                {
                    return;
                }

                signal = changed.Task;
            }

            try
            {
                await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                string state;
                lock (gate)
                {
                    state = describe();
                }

                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {state}.");
            }
        }
    }

    private static string Describe(IReadOnlyList<BotMessage> messages) =>
        messages.Count == 0 ? "no messages" : string.Join(", ", messages.Select(message => $"#{message.MessageId} \"{message.Text}\""));

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private void NotifyChanged()
    {
        version++;
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The chat's log, made on first use: a private chat for a positive id, else a group or (ids below -10^12) a supergroup.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private ChatLog ChatLogFor(long chatId, long userId)
    {
        if (!chats.TryGetValue(chatId, out var chat))
        {
            chats[chatId] = chat = new ChatLog(chatId > 0
                ? new Chat { Id = chatId, Type = ChatTypes.Private, FirstName = $"User {userId}", Username = $"user{userId}" }
                : new Chat { Id = chatId, Type = chatId < SupergroupIdsBelow ? ChatTypes.Supergroup : ChatTypes.Group, Title = $"Group {chatId}" });
        }

        return chat;
    }

    private static User UserFor(long userId) =>
        new() { Id = userId, FirstName = $"User {userId}", Username = $"user{userId}", LanguageCode = "en" };

    private string NewFileId(string prefix) => $"{prefix}{Interlocked.Increment(ref nextFileNumber):D6}";

    /// <summary>
    /// The entities Telegram's clients mark in a text: a bot command at its start, @username mentions, and links,
    /// with or without a scheme (<c>youtu.be/…</c> is a link to Telegram too).
    /// </summary>
    internal static MessageEntity[]? FindEntities(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var entities = new List<MessageEntity>();
        if (BotCommand().Match(text) is { Success: true } command)
        {
            entities.Add(new MessageEntity { Type = "bot_command", Offset = 0, Length = command.Length });
        }

        foreach (Match mention in Mention().Matches(text))
        {
            entities.Add(new MessageEntity { Type = "mention", Offset = mention.Index, Length = mention.Length });
        }

        foreach (Match link in Link().Matches(text))
        {
            var length = link.Value.TrimEnd('.', ',', ')', '!', '?', ';', ':').Length;
            entities.Add(new MessageEntity { Type = "url", Offset = link.Index, Length = length });
        }

        return entities.Count == 0 ? null : [.. entities.OrderBy(entity => entity.Offset)];
    }

    [GeneratedRegex(@"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?")]
    private static partial Regex BotCommand();

    [GeneratedRegex(@"(?<![A-Za-z0-9_/])@[A-Za-z][A-Za-z0-9_]{3,31}\b")]
    private static partial Regex Mention();

    // A scheme link, or a host name with a common top-level domain and an optional path.
    [GeneratedRegex(@"https?://\S+|(?<![A-Za-z0-9@./:-])(?:[A-Za-z0-9-]+\.)+(?:com|be|org|net|io|tv|me|ru|de|uk|co|app|video)(?:/\S*)?(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"^[0-9]+:[A-Za-z0-9_-]{30,}$")]
    private static partial Regex TokenShape();

    private sealed record Webhook(Uri Url, string? SecretToken);

    private sealed class ChatLog(Chat chat)
    {
        public Chat Chat { get; } = chat;

        public int LastMessageId { get; set; }

        /// <summary>For a group that became a supergroup: the supergroup's id, which writes here are pointed to.</summary>
        public long? MigratedTo { get; set; }

        /// <summary>The bot was removed from this group, supergroup or channel.</summary>
        public bool BotRemoved { get; set; }

        /// <summary>The forum topics of a forum supergroup, by thread id (the id of the topic's first message).</summary>
        public HashSet<int> Topics { get; } = [];

        /// <summary>Every message in the chat, the users' and the bot's, by id.</summary>
        public Dictionary<int, Message> Messages { get; } = [];

        public List<BotText> Texts { get; } = [];

        public List<SentVideo> Videos { get; } = [];
    }

    private sealed class BotText(int messageId, string text, string? parseMode, int? replyToMessageId, DateTimeOffset sentAt, int? threadId = null)
    {
        public int MessageId { get; } = messageId;

        public List<string> History { get; } = [text];

        public BotMessage Snapshot(long chatId) =>
            new(chatId, MessageId, [.. History], parseMode, replyToMessageId) { SentAt = sentAt, MessageThreadId = threadId };
    }
}
