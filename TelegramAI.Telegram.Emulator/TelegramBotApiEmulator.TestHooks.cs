using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace TelegramAI.Telegram.Emulator;

// Watching the stand-in from another process: the AppHost runs it in its own process, and an
// end-to-end test drives that AppHost from outside. These hooks are off unless StartAsync was
// asked for them, and like the whole stand-in they listen on 127.0.0.1 only.
//
//   POST /_emulator/users/{userId}/messages   {"text":"..."}  -> {"update_id":..,"message_id":..}
//        a user sends a text message in the private chat with the bot.
//   GET  /_emulator/chats/{chatId}?after={version}&timeout={seconds}
//        -> {"version":..,"messages":[..],"videos":[..]}: the bot's side of the chat, answered as
//        soon as the state is newer than `after` or when `timeout` (at most 60 s) runs out.
public sealed partial class TelegramBotApiEmulator
{
    public const string TestHooksPath = "/_emulator";

    private static readonly TimeSpan MaxHookWait = TimeSpan.FromSeconds(60);

    /// <summary>Grows with every change of state: an update injected, a call made, a message sent or edited.</summary>
    public long Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    /// <summary>The address of the test hooks, when they are enabled.</summary>
    public Uri? TestHooksUrl => testHooksEnabled ? new Uri(BaseUrl, TestHooksPath.TrimStart('/') + "/") : null;

    /// <summary>
    /// Waits until <see cref="Version"/> is past <paramref name="afterVersion"/> or <paramref name="timeout"/>
    /// runs out, and returns the version then. For watchers that show what the bot does as it happens.
    /// </summary>
    public async Task<long> WaitForChangeAsync(long afterVersion, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (version > afterVersion)
                {
                    return version;
                }

                signal = changed.Task;
            }

            try
            {
                await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Version;
            }
        }
    }

    private async Task HandleTestHookAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        var (status, body) = segments switch
        {
            [_, "users", var user, "messages"] when HttpMethods.IsPost(context.Request.Method) =>
                await InjectFromHookAsync(user, context.Request, aborted.Token),
            [_, "chats", var chat] when HttpMethods.IsGet(context.Request.Method) =>
                await ChatFromHookAsync(chat, context.Request.Query, aborted.Token),
            _ => (404, HookError("no such test hook")),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task<(int, byte[])> InjectFromHookAsync(string user, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            return (400, HookError("the user id must be a positive integer"));
        }

        HookTextMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(request.Body, TestHookJson.Default.HookTextMessage, cancellationToken);
        }
        catch (JsonException)
        {
            return (400, HookError("the body must be JSON like {\"text\":\"...\"}"));
        }

        if (string.IsNullOrEmpty(message?.Text))
        {
            return (400, HookError("text is empty"));
        }

        var update = InjectTextMessage(userId, userId, message.Text);
        return (200, JsonSerializer.SerializeToUtf8Bytes(
            new HookInjected(update.UpdateId, update.Message!.MessageId), TestHookJson.Default.HookInjected));
    }

    private async Task<(int, byte[])> ChatFromHookAsync(string chat, IQueryCollection query, CancellationToken cancellationToken)
    {
        if (!long.TryParse(chat, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return (400, HookError("the chat id must be an integer"));
        }

        var after = long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : -1;
        var seconds = double.TryParse(query["timeout"], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var wait = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxHookWait.TotalSeconds));
        var current = await WaitForChangeAsync(after, wait, cancellationToken);

        var messages = MessagesTo(chatId).Select(m => new HookBotMessage(m.MessageId, m.Text, m.TextHistory, m.ReplyToMessageId)).ToArray();
        var videos = VideosTo(chatId).Select(v => new HookVideo(v.MessageId, v.Source.ToString(), v.Url, v.FileName, v.Content?.LongLength, v.Caption)).ToArray();
        return (200, JsonSerializer.SerializeToUtf8Bytes(new HookChat(current, messages, videos), TestHookJson.Default.HookChat));
    }

    private static byte[] HookError(string description) =>
        JsonSerializer.SerializeToUtf8Bytes(new HookFailure(description), TestHookJson.Default.HookFailure);
}

internal sealed record HookTextMessage(string? Text);

internal sealed record HookInjected(int UpdateId, int MessageId);

internal sealed record HookBotMessage(int MessageId, string Text, IReadOnlyList<string> TextHistory, int? ReplyToMessageId);

internal sealed record HookVideo(int MessageId, string Source, string? Url, string? FileName, long? Size, string? Caption);

internal sealed record HookChat(long Version, HookBotMessage[] Messages, HookVideo[] Videos);

internal sealed record HookFailure(string Description);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HookTextMessage))]
[JsonSerializable(typeof(HookInjected))]
[JsonSerializable(typeof(HookChat))]
[JsonSerializable(typeof(HookFailure))]
internal sealed partial class TestHookJson : JsonSerializerContext;
