using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using TelegramAI.Telegram.Emulator.Wire;

namespace TelegramAI.Telegram.Emulator;

// The Bot API methods, with Telegram's answers and error descriptions. Parameters are checked the way the
// official server (telegram-bot-api) checks them: what it refuses is refused here with its wording, what it
// ignores or clamps is ignored or clamped here.
public sealed partial class TelegramBotApiEmulator
{
    /// <summary>The largest upload the Bot API takes (https://core.telegram.org/bots/api#sending-files).</summary>
    private const long MaxUploadBytes = 50L * 1024 * 1024;

    /// <summary>https://core.telegram.org/bots/api#sendmessage: 1-4096 characters.</summary>
    private const int MaxTextLength = 4096;

    /// <summary>https://core.telegram.org/bots/api#sendvideo: 0-1024 characters.</summary>
    private const int MaxCaptionLength = 1024;

    /// <summary>https://core.telegram.org/bots/api#getupdates: the long-poll timeout the server accepts at most.</summary>
    private const int MaxLongPollSeconds = 50;

    private const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly record struct Reply(int StatusCode, byte[] Body, int? RetryAfter = null);

    private readonly record struct ReplyTo(int? MessageId, bool AllowSendingWithoutReply);

    private async Task HandleAsync(HttpContext context)
    {
        if (testHooksEnabled && context.Request.Path.StartsWithSegments(TestHooksPath))
        {
            await HandleTestHookAsync(context);
            return;
        }

        var reply = await AnswerAsync(context);
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = "application/json";
        if (reply.RetryAfter is { } seconds)
        {
            // The official server sends the wait in the HTTP header as well as in parameters.retry_after.
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
    }

    private async Task<Reply> AnswerAsync(HttpContext context)
    {
        // The path is /bot<token>/<method>; Telegram matches method names case-insensitively.
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != 2 || !segments[0].StartsWith("bot", StringComparison.Ordinal))
        {
            return Error(404, "Not Found");
        }

        if (segments[0][3..] != BotToken)
        {
            return Error(401, "Unauthorized");
        }

        var method = segments[1];
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        var request = await BotRequest.ReadAsync(context.Request, aborted.Token);
        var chatId = request.Long("chat_id");
        ApiFault? fault;
        lock (gate)
        {
            callCounts[method] = callCounts.GetValueOrDefault(method) + 1;
            fault = NextFault(method, chatId);
            NotifyChanged();
        }

        if (fault is not null)
        {
            return Error(fault.ErrorCode, fault.Description, fault.RetryAfter, fault.MigrateToChatId);
        }

        if (FloodRefusal(method, chatId) is { } tooMany)
        {
            return tooMany;
        }

        try
        {
            return method.ToLowerInvariant() switch
            {
                "getme" => Ok(Bot, EmulatorJson.Default.OkResponseUser),
                "getupdates" => await GetUpdatesAsync(request, aborted.Token),
                "sendmessage" => SendMessage(request),
                "editmessagetext" => EditMessageText(request),
                "sendvideo" => await SendVideoAsync(request, aborted.Token),
                "setwebhook" => SetWebhook(request),
                "deletewebhook" => DeleteWebhook(request),
                _ => Error(404, "Not Found"),
            };
        }
        catch (Refusal refusal)
        {
            return Error(refusal.ErrorCode, refusal.Description, migrateToChatId: refusal.MigrateToChatId);
        }
    }

    private async Task<Reply> GetUpdatesAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var offset = request.Long("offset") ?? 0;
        var limit = Math.Clamp(request.Int("limit") ?? 100, 1, 100);
        var wait = TimeSpan.FromSeconds(Math.Clamp(request.Int("timeout") ?? 0, 0, MaxLongPollSeconds));
        var deadline = timeProvider.GetUtcNow() + wait;

        long generation;
        lock (gate)
        {
            if (webhook is not null)
            {
                return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            // Calling with an offset confirms everything before it; a negative one keeps only the last -offset updates.
            // An offset well past the next update id (kept from before the numbering started over) is "in the future"
            // to the official server, which then answers from the oldest pending update and confirms nothing.
            if (offset > (long)nextUpdateId + 10)
            {
                offset = 0;
            }

            if (offset > 0)
            {
                pendingUpdates.RemoveAll(update => update.UpdateId < offset);
            }
            else if (offset < 0)
            {
                pendingUpdates.RemoveRange(0, Math.Max(0, pendingUpdates.Count - (int)Math.Min(-offset, int.MaxValue)));
            }

            if (AllowedUpdates(request) is { } allowed)
            {
                allowedUpdates = allowed;
            }

            // A newer poll ends an older one with 409, which is how Telegram reports two running instances.
            generation = ++pollGeneration;
            NotifyChanged();
        }

        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (generation != pollGeneration)
                {
                    return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                }

                if (pendingUpdates.Count > 0 || timeProvider.GetUtcNow() >= deadline || cancellationToken.IsCancellationRequested)
                {
                    return Ok<Update[]>([.. pendingUpdates.Take(limit)], EmulatorJson.Default.OkResponseUpdateArray);
                }

                waitingPolls++;
                NotifyChanged();
                signal = changed.Task;
            }

            try
            {
                var remaining = deadline - timeProvider.GetUtcNow();
                await signal.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, timeProvider, cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // The loop answers with whatever is there once the time is up or the caller left.
            }
            finally
            {
                lock (gate)
                {
                    waitingPolls--;
                }
            }
        }
    }

    private Reply SendMessage(BotRequest request)
    {
        var chatId = ChatIdOf(request);
        CheckLinkPreviewOptions(request);
        var text = request.String("text");
        if (string.IsNullOrEmpty(text))
        {
            throw Refusal.BadRequest("Message text is empty");
        }

        var parseMode = ParseModeOf(request);
        if (text.Length > MaxTextLength)
        {
            throw Refusal.BadRequest("message is too long");
        }

        var replyTo = ReplyParametersOf(request);
        lock (gate)
        {
            var chat = ChatToWriteTo(chatId);
            var thread = ThreadToWriteTo(chat, request.Int("message_thread_id"));
            var replied = Replied(chat, replyTo);
            var message = new Message
            {
                MessageId = ++chat.LastMessageId,
                MessageThreadId = thread,
                IsTopicMessage = thread is null ? null : true,
                From = Bot,
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
                ReplyToMessage = replied,
                Text = text,
            };
            chat.Messages[message.MessageId] = message;
            chat.Texts.Add(new BotText(message.MessageId, text, parseMode, replied?.MessageId, timeProvider.GetUtcNow(), thread));
            NotifyChanged();
            return Ok(message, EmulatorJson.Default.OkResponseMessage);
        }
    }

    private Reply EditMessageText(BotRequest request)
    {
        var chatId = ChatIdOf(request);
        CheckLinkPreviewOptions(request);
        var text = request.String("text");
        if (string.IsNullOrEmpty(text))
        {
            throw Refusal.BadRequest("Message text is empty");
        }

        ParseModeOf(request);
        var messageId = request.Int("message_id") ?? 0;
        if (messageId <= 0)
        {
            throw Refusal.BadRequest("Message identifier is not specified");
        }

        if (text.Length > MaxTextLength)
        {
            throw Refusal.BadRequest("MESSAGE_TOO_LONG");
        }

        lock (gate)
        {
            var chat = ChatToWriteTo(chatId);
            if (!chat.Messages.TryGetValue(messageId, out var message))
            {
                throw Refusal.BadRequest("message to edit not found");
            }

            if (message.From?.Id != Bot.Id)
            {
                throw Refusal.BadRequest("message can't be edited");
            }

            if (chat.Texts.Find(text => text.MessageId == messageId) is not { } history)
            {
                throw Refusal.BadRequest("there is no text in the message to edit");
            }

            if (history.History[^1] == text)
            {
                throw Refusal.BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            // A new object rather than a change to the stored one: earlier answers may still be serializing it.
            var edited = CopyOf(message);
            edited.EditDate = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            edited.Text = text;
            chat.Messages[messageId] = edited;
            history.History.Add(text);
            NotifyChanged();
            return Ok(edited, EmulatorJson.Default.OkResponseMessage);
        }
    }

    private async Task<Reply> SendVideoAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var chatId = ChatIdOf(request);

        // The video is a file part named "video", a part named in "attach://<name>", a URL, or a file id.
        var reference = request.String("video");
        var file = reference is not null && reference.StartsWith("attach://", StringComparison.Ordinal)
            ? request.File(reference["attach://".Length..])
            : request.File("video");

        byte[]? content = null;
        string? url = null;
        VideoSource source;
        if (file is not null)
        {
            if (file.Length > MaxUploadBytes)
            {
                return Error(413, "Request Entity Too Large");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
            source = VideoSource.Upload;
        }
        else if (string.IsNullOrEmpty(reference))
        {
            throw Refusal.BadRequest("There is no video in the request");
        }
        else if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            // Telegram fetches the file itself, and fails the call when it cannot.
            url = reference;
            content = await FetchByUrlAsync(uri, cancellationToken);
            source = VideoSource.Url;
        }
        else
        {
            source = VideoSource.FileId;
        }

        var caption = request.String("caption");
        ParseModeOf(request);
        if (caption?.Length > MaxCaptionLength)
        {
            throw Refusal.BadRequest("message caption is too long");
        }

        var replyTo = ReplyParametersOf(request);
        lock (gate)
        {
            var chat = ChatToWriteTo(chatId);
            var thread = ThreadToWriteTo(chat, request.Int("message_thread_id"));
            var replied = Replied(chat, replyTo);
            Video video;
            if (source == VideoSource.FileId)
            {
                if (!videosByFileId.TryGetValue(reference!, out video!))
                {
                    throw Refusal.BadRequest("wrong file identifier/HTTP URL specified");
                }
            }
            else
            {
                video = new Video
                {
                    FileId = NewFileId("BAACAgIAAxkBAAI"),
                    FileUniqueId = NewFileId("AgAD"),
                    Width = request.Int("width") is { } width and > 0 ? width : 640,
                    Height = request.Int("height") is { } height and > 0 ? height : 360,
                    Duration = Math.Max(request.Int("duration") ?? 0, 0),
                    FileName = file?.FileName,
                    MimeType = "video/mp4",
                    FileSize = content?.LongLength,
                };
                videosByFileId[video.FileId] = video;
            }

            var message = new Message
            {
                MessageId = ++chat.LastMessageId,
                MessageThreadId = thread,
                IsTopicMessage = thread is null ? null : true,
                From = Bot,
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
                ReplyToMessage = replied,
                Video = video,
                Caption = caption,
            };
            chat.Messages[message.MessageId] = message;
            chat.Videos.Add(new SentVideo(
                chatId,
                message.MessageId,
                source,
                url,
                video.FileId,
                file?.FileName,
                content,
                caption,
                request.Bool("supports_streaming"),
                replied?.MessageId) { MessageThreadId = thread });
            NotifyChanged();
            return Ok(message, EmulatorJson.Default.OkResponseMessage);
        }
    }

    private Reply SetWebhook(BotRequest request)
    {
        var url = request.String("url") ?? "";
        if (url.Length == 0)
        {
            return DeleteWebhook(request);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            // Telegram insists on HTTPS; the stand-in also takes http so that tests need no certificate.
            throw Refusal.BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }

        var secretToken = request.String("secret_token");
        if (secretToken is { Length: > 0 } && !SecretTokenShape().IsMatch(secretToken))
        {
            throw Refusal.BadRequest("secret token contains unallowed characters");
        }

        lock (gate)
        {
            webhook = new Webhook(uri, secretToken is { Length: > 0 } ? secretToken : null);
            if (request.Bool("drop_pending_updates"))
            {
                pendingUpdates.Clear();
            }

            if (AllowedUpdates(request) is { } allowed)
            {
                allowedUpdates = allowed;
            }

            NotifyChanged();
        }

        return Ok(true, EmulatorJson.Default.OkResponseBoolean, "Webhook was set");
    }

    private Reply DeleteWebhook(BotRequest request)
    {
        bool wasSet;
        lock (gate)
        {
            wasSet = webhook is not null;
            webhook = null;
            if (request.Bool("drop_pending_updates"))
            {
                pendingUpdates.Clear();
            }

            NotifyChanged();
        }

        return Ok(true, EmulatorJson.Default.OkResponseBoolean, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
    }

    /// <summary>Posts pending updates to the webhook one at a time, in order, like Telegram.</summary>
    private async Task DeliverWebhooksAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Webhook? target;
                Update? next;
                Task signal;
                lock (gate)
                {
                    target = webhook;
                    next = target is null ? null : pendingUpdates.FirstOrDefault();
                    signal = changed.Task;
                }

                if (target is null || next is null)
                {
                    await signal.WaitAsync(cancellationToken);
                    continue;
                }

                var error = await PostUpdateAsync(target, next, cancellationToken);
                lock (gate)
                {
                    lastWebhookError = error;
                    if (error is null)
                    {
                        pendingUpdates.Remove(next);
                    }

                    NotifyChanged();
                    signal = changed.Task;
                }

                if (error is not null)
                {
                    // Telegram retries a failing webhook later; a change (a new webhook, say) retries at once.
                    await Task.WhenAny(signal, Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <returns>Null when delivered, else what went wrong.</returns>
    private async Task<string?> PostUpdateAsync(Webhook target, Update update, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(update, EmulatorJson.Default.Update))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        if (target.SecretToken is not null)
        {
            request.Headers.Add(SecretTokenHeader, target.SecretToken);
        }

        try
        {
            using var response = await webhookClient.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"Wrong response from the webhook: {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "Timeout expired";
        }
    }

    /// <summary>
    /// <c>chat_id</c>: the official server refuses an empty one, and looks up anything else; a value that is not an
    /// integer (or a public @username, which the stand-in has none of) finds no chat.
    /// </summary>
    private static long ChatIdOf(BotRequest request)
    {
        var text = request.String("chat_id");
        if (string.IsNullOrEmpty(text))
        {
            throw Refusal.BadRequest("chat_id is empty");
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            ? chatId
            : throw Refusal.BadRequest("chat not found");
    }

    /// <summary>
    /// <c>parse_mode</c>: the official server lowers it before comparing, so <c>HTML</c>, <c>Html</c> and <c>html</c>
    /// are one mode, and "none" or nothing means plain text (https://core.telegram.org/bots/api#formatting-options).
    /// </summary>
    /// <returns>The mode as the documentation spells it, or null for plain text.</returns>
    private static string? ParseModeOf(BotRequest request) => request.String("parse_mode")?.ToLowerInvariant() switch
    {
        null or "" or "none" => null,
        "html" => "HTML",
        "markdown" => "Markdown",
        "markdownv2" => "MarkdownV2",
        _ => throw Refusal.BadRequest("Unsupported parse_mode"),
    };

    /// <summary><c>reply_parameters</c> (https://core.telegram.org/bots/api#replyparameters), or the older <c>reply_to_message_id</c>.</summary>
    private static ReplyTo ReplyParametersOf(BotRequest request)
    {
        if (!request.Has("reply_parameters"))
        {
            var id = request.Int("reply_to_message_id") ?? 0;
            return new ReplyTo(id > 0 ? id : null, request.Bool("allow_sending_without_reply"));
        }

        var parameters = request.Json("reply_parameters", out var malformed);
        if (malformed)
        {
            throw Refusal.BadRequest("Can't parse reply parameters JSON object");
        }

        if (parameters is null)
        {
            return default;
        }

        if (parameters.Value.ValueKind != JsonValueKind.Object)
        {
            throw Refusal.BadRequest("Object expected as reply parameters");
        }

        var fields = parameters.Value;
        if (!fields.EnumerateObject().Any())
        {
            return default;
        }

        if (!fields.TryGetProperty("message_id", out var messageId))
        {
            throw Refusal.BadRequest("Can't find field \"message_id\"");
        }

        var replyTo = IntField(messageId, "message_id");
        return new ReplyTo(replyTo > 0 ? replyTo : null, OptionalBoolField(fields, "allow_sending_without_reply"));
    }

    /// <summary><c>link_preview_options</c> (https://core.telegram.org/bots/api#linkpreviewoptions): checked, not acted on.</summary>
    private static void CheckLinkPreviewOptions(BotRequest request)
    {
        var options = request.Json("link_preview_options", out var malformed);
        if (malformed)
        {
            throw Refusal.BadRequest("Can't parse link preview options JSON object");
        }

        if (options is null)
        {
            return;
        }

        if (options.Value.ValueKind != JsonValueKind.Object)
        {
            throw Refusal.BadRequest("Object expected as link preview options");
        }

        foreach (var flag in new[] { "is_disabled", "prefer_small_media", "prefer_large_media", "show_above_text" })
        {
            OptionalBoolField(options.Value, flag);
        }

        if (options.Value.TryGetProperty("url", out var url) && url.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw Refusal.BadRequest("Field \"url\" must be of type String");
        }
    }

    /// <summary>An integer inside a JSON object parameter: a number or a string of digits, as the official server takes it.</summary>
    private static int IntField(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        JsonValueKind.Number or JsonValueKind.String => throw Refusal.BadRequest($"Field \"{name}\" must be a valid Number"),
        _ => throw Refusal.BadRequest($"Field \"{name}\" must be a Number"),
    };

    /// <summary>A flag inside a JSON object parameter: only true or false will do.</summary>
    private static bool OptionalBoolField(JsonElement fields, string name) =>
        !fields.TryGetProperty(name, out var value) ? false : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Refusal.BadRequest($"Field \"{name}\" must be of type Boolean"),
        };

    /// <summary>The chat a message goes to, if it exists and the bot may still write there.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private ChatLog ChatToWriteTo(long chatId)
    {
        if (!chats.TryGetValue(chatId, out var chat))
        {
            throw Refusal.BadRequest("chat not found");
        }

        return WriteRefusal(chat) is { } refusal ? throw refusal : chat;
    }

    /// <summary>The message a new one answers, if any; a missing one is refused unless the sender allowed sending without it.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private static Message? Replied(ChatLog chat, ReplyTo replyTo)
    {
        if (replyTo.MessageId is not { } messageId)
        {
            return null;
        }

        return chat.Messages.TryGetValue(messageId, out var replied) ? replied
            : replyTo.AllowSendingWithoutReply ? null
            : throw Refusal.BadRequest("message to be replied not found");
    }

    private static HashSet<string>? AllowedUpdates(BotRequest request) =>
        request.Json("allowed_updates", out _) is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : null;

    private static Reply Ok<T>(T result, JsonTypeInfo<OkResponse<T>> type, string? description = null) =>
        new(200, JsonSerializer.SerializeToUtf8Bytes(new OkResponse<T>(result, description), type));

    private static Reply Error(int errorCode, string description, int? retryAfter = null, long? migrateToChatId = null) =>
        new(errorCode, JsonSerializer.SerializeToUtf8Bytes(
            new ErrorResponse(
                errorCode,
                description,
                retryAfter is null && migrateToChatId is null ? null : new ResponseParameters { RetryAfter = retryAfter, MigrateToChatId = migrateToChatId }),
            EmulatorJson.Default.ErrorResponse), retryAfter);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretTokenShape();
}
