using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using TelegramAI.Telegram.Types;

namespace TelegramAI.Telegram.Emulator;

// The Bot API methods, with Telegram's answers and error descriptions.
public sealed partial class TelegramBotApiEmulator
{
    private const long MaxUploadBytes = 50L * 1024 * 1024;
    private const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly record struct Reply(int StatusCode, byte[] Body);

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
        ApiFault? fault;
        lock (gate)
        {
            callCounts[method] = callCounts.GetValueOrDefault(method) + 1;
            fault = faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var next) ? next : null;
            NotifyChanged();
        }

        if (fault is not null)
        {
            return Error(fault.ErrorCode, fault.Description, fault.RetryAfter);
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        var request = await BotRequest.ReadAsync(context.Request, aborted.Token);
        return method.ToLowerInvariant() switch
        {
            "getme" => Ok(Bot, EmulatorJson.Default.OkEnvelopeUser),
            "getupdates" => await GetUpdatesAsync(request, aborted.Token),
            "sendmessage" => SendMessage(request),
            "editmessagetext" => EditMessageText(request),
            "sendvideo" => await SendVideoAsync(request, aborted.Token),
            "setwebhook" => SetWebhook(request),
            "deletewebhook" => DeleteWebhook(request),
            _ => Error(404, "Not Found"),
        };
    }

    private async Task<Reply> GetUpdatesAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var offset = request.Long("offset") ?? 0;
        var limit = Math.Clamp(request.Int("limit") ?? 100, 1, 100);
        var wait = TimeSpan.FromSeconds(Math.Max(request.Int("timeout") ?? 0, 0));
        var deadline = timeProvider.GetUtcNow() + wait;

        long generation;
        lock (gate)
        {
            if (webhook is not null)
            {
                return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            // Calling with an offset confirms everything before it; a negative one keeps only the last -offset updates.
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
                    return Ok<Update[]>([.. pendingUpdates.Take(limit)], EmulatorJson.Default.OkEnvelopeUpdateArray);
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
        if (request.Long("chat_id") is not { } chatId)
        {
            return Error(400, "Bad Request: chat_id is empty");
        }

        var text = request.String("text");
        if (string.IsNullOrEmpty(text))
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (text.Length > 4096)
        {
            return Error(400, "Bad Request: message is too long");
        }

        if (!TryParseMode(request, out var parseMode))
        {
            return Error(400, $"Bad Request: unsupported parse_mode");
        }

        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat))
            {
                return Error(400, "Bad Request: chat not found");
            }

            if (!TryFindReplied(request, chat, out var replied))
            {
                return Error(400, "Bad Request: message to be replied not found");
            }

            var message = new Message
            {
                MessageId = ++chat.LastMessageId,
                From = Bot,
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().UtcDateTime,
                ReplyToMessage = replied,
                Text = text,
            };
            chat.Messages[message.MessageId] = message;
            chat.Texts.Add(new BotText(message.MessageId, text, parseMode, replied?.MessageId, timeProvider.GetUtcNow()));
            NotifyChanged();
            return Ok(message, EmulatorJson.Default.OkEnvelopeMessage);
        }
    }

    private Reply EditMessageText(BotRequest request)
    {
        if (request.Long("chat_id") is not { } chatId)
        {
            return Error(400, "Bad Request: chat_id is empty");
        }

        if (request.Int("message_id") is not { } messageId)
        {
            return Error(400, "Bad Request: message identifier is not specified");
        }

        var text = request.String("text");
        if (string.IsNullOrEmpty(text))
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (!TryParseMode(request, out _))
        {
            return Error(400, $"Bad Request: unsupported parse_mode");
        }

        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat))
            {
                return Error(400, "Bad Request: chat not found");
            }

            if (!chat.Messages.TryGetValue(messageId, out var message))
            {
                return Error(400, "Bad Request: message to edit not found");
            }

            if (message.From?.Id != Bot.Id)
            {
                return Error(400, "Bad Request: message can't be edited");
            }

            if (chat.Texts.Find(text => text.MessageId == messageId) is not { } history)
            {
                return Error(400, "Bad Request: there is no text in the message to edit");
            }

            if (history.History[^1] == text)
            {
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            // A new object rather than a change to the stored one: earlier answers may still be serializing it.
            var edited = new Message
            {
                MessageId = message.MessageId,
                From = message.From,
                Chat = message.Chat,
                Date = message.Date,
                EditDate = timeProvider.GetUtcNow().UtcDateTime,
                ReplyToMessage = message.ReplyToMessage,
                Text = text,
            };
            chat.Messages[messageId] = edited;
            history.History.Add(text);
            NotifyChanged();
            return Ok(edited, EmulatorJson.Default.OkEnvelopeMessage);
        }
    }

    private async Task<Reply> SendVideoAsync(BotRequest request, CancellationToken cancellationToken)
    {
        if (request.Long("chat_id") is not { } chatId)
        {
            return Error(400, "Bad Request: chat_id is empty");
        }

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
            return Error(400, "Bad Request: there is no video in the request");
        }
        else if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            url = reference;
            source = VideoSource.Url;
        }
        else
        {
            source = VideoSource.FileId;
        }

        var caption = request.String("caption");
        if (caption?.Length > 1024)
        {
            return Error(400, "Bad Request: message caption is too long");
        }

        if (!TryParseMode(request, out _))
        {
            return Error(400, $"Bad Request: unsupported parse_mode");
        }

        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat))
            {
                return Error(400, "Bad Request: chat not found");
            }

            if (!TryFindReplied(request, chat, out var replied))
            {
                return Error(400, "Bad Request: message to be replied not found");
            }

            Video video;
            if (source == VideoSource.FileId)
            {
                if (!videosByFileId.TryGetValue(reference!, out video!))
                {
                    return Error(400, "Bad Request: wrong file identifier/HTTP URL specified");
                }
            }
            else
            {
                video = new Video
                {
                    FileId = NewFileId("BAACAgIAAxkBAAI"),
                    FileUniqueId = NewFileId("AgAD"),
                    Width = request.Int("width") ?? 640,
                    Height = request.Int("height") ?? 360,
                    Duration = request.Int("duration") ?? 0,
                    FileName = file?.FileName,
                    MimeType = "video/mp4",
                    FileSize = content?.LongLength,
                };
                videosByFileId[video.FileId] = video;
            }

            var message = new Message
            {
                MessageId = ++chat.LastMessageId,
                From = Bot,
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().UtcDateTime,
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
                replied?.MessageId));
            NotifyChanged();
            return Ok(message, EmulatorJson.Default.OkEnvelopeMessage);
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
            return Error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        }

        var secretToken = request.String("secret_token");
        if (secretToken is not null && !SecretTokenShape().IsMatch(secretToken))
        {
            return Error(400, "Bad Request: secret token contains unallowed characters");
        }

        lock (gate)
        {
            webhook = new Webhook(uri, secretToken);
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

        return Ok(true, EmulatorJson.Default.OkEnvelopeBoolean, "Webhook was set");
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

        return Ok(true, EmulatorJson.Default.OkEnvelopeBoolean, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
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

    private static bool TryParseMode(BotRequest request, out string? parseMode)
    {
        parseMode = request.String("parse_mode");
        return parseMode is null or "" || parseMode.Equals("Markdown", StringComparison.OrdinalIgnoreCase)
            || parseMode.Equals("MarkdownV2", StringComparison.OrdinalIgnoreCase)
            || parseMode.Equals("HTML", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The message named by reply_parameters (or the older reply_to_message_id), if any and if it exists.</summary>
    private static bool TryFindReplied(BotRequest request, ChatLog chat, out Message? replied)
    {
        replied = null;
        var parameters = request.Json("reply_parameters");
        int? messageId = parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("message_id", out var id) && id.TryGetInt32(out var value)
            ? value
            : request.Int("reply_to_message_id");
        if (messageId is null)
        {
            return true;
        }

        var allowWithout = parameters is { ValueKind: JsonValueKind.Object } q
            && q.TryGetProperty("allow_sending_without_reply", out var flag)
            && flag.ValueKind == JsonValueKind.True;
        return chat.Messages.TryGetValue(messageId.Value, out replied) || allowWithout;
    }

    private static HashSet<string>? AllowedUpdates(BotRequest request) =>
        request.Json("allowed_updates") is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : null;

    private static Reply Ok<T>(T result, JsonTypeInfo<OkEnvelope<T>> type, string? description = null) =>
        new(200, JsonSerializer.SerializeToUtf8Bytes(new OkEnvelope<T>(result, description), type));

    private static Reply Error(int errorCode, string description, int? retryAfter = null) =>
        new(errorCode, JsonSerializer.SerializeToUtf8Bytes(
            new ErrorEnvelope(errorCode, description, retryAfter is null ? null : new ResponseParameters { RetryAfter = retryAfter }),
            EmulatorJson.Default.ErrorEnvelope));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretTokenShape();
}
