using TelegramAI.Telegram.Emulator.Wire;

namespace TelegramAI.Telegram.Emulator;

// The kinds of update a user's actions produce, beyond a plain new message: replies, messages in forum topics,
// media with captions, forwarded channel posts, edits, channel posts; and the update numbering itself.
public sealed partial class TelegramBotApiEmulator
{
    /// <summary>
    /// What <c>allowed_updates</c> means when empty or never sent: every kind but chat_member, message_reaction and
    /// message_reaction_count (https://core.telegram.org/bots/api#getupdates). Of the kinds the stand-in makes, all.
    /// </summary>
    private static readonly string[] KindsWithoutSubscription = ["chat_member", "message_reaction", "message_reaction_count"];

    /// <summary>A user sends <paramref name="text"/> in a reply to message <paramref name="replyToMessageId"/> of the chat.</summary>
    public Update InjectReply(long chatId, long userId, int replyToMessageId, string text) =>
        InjectMessage(chatId, userId, message =>
        {
            message.Text = text;
            message.Entities = FindEntities(text);
            message.ReplyToMessage = MessageOrNull(chatId, replyToMessageId);
        });

    /// <summary>
    /// A user sends a video with <paramref name="caption"/>, its links and mentions marked in <c>caption_entities</c>;
    /// with <paramref name="forwardedFromChannel"/>, it is a channel's post the user forwarded.
    /// </summary>
    public Update InjectVideoMessage(long chatId, long userId, string? caption, string? forwardedFromChannel = null) =>
        InjectMessage(chatId, userId, message =>
        {
            message.Video = new Video
            {
                FileId = NewFileId("BAACAgIAAxkBAAI"),
                FileUniqueId = NewFileId("AgAD"),
                Width = 1280,
                Height = 720,
                Duration = 42,
                MimeType = "video/mp4",
                FileSize = 4_200_000,
            };
            message.Caption = caption;
            message.CaptionEntities = FindEntities(caption);
            if (forwardedFromChannel is not null)
            {
                message.ForwardOrigin = new MessageOrigin
                {
                    Type = "channel",
                    Date = timeProvider.GetUtcNow().AddDays(-1).ToUnixTimeSeconds(),
                    Chat = new Chat { Id = SupergroupIdsBelow - 4242, Type = ChatTypes.Channel, Title = forwardedFromChannel },
                    MessageId = 77,
                };
            }
        });

    /// <summary>
    /// The user edits their message <paramref name="messageId"/> to say <paramref name="text"/>: an
    /// <c>edited_message</c> update with the message's new text and entities.
    /// </summary>
    public Update EditUserMessage(long chatId, int messageId, string text)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat) || !chat.Messages.TryGetValue(messageId, out var original) || original.From?.IsBot != false)
            {
                throw new ArgumentException($"Chat {chatId} has no user message {messageId}.", nameof(messageId));
            }

            var edited = CopyOf(original);
            edited.Text = text;
            edited.Entities = FindEntities(text);
            edited.EditDate = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            chat.Messages[messageId] = edited;
            return Deliver(new Update { EditedMessage = edited });
        }
    }

    /// <summary>A post in a channel the bot was added to: a <c>channel_post</c> update, without a sender.</summary>
    public Update InjectChannelPost(long channelId, string text)
    {
        if (channelId >= SupergroupIdsBelow)
        {
            throw new ArgumentException("Channel ids are below -10^12, like -100….", nameof(channelId));
        }

        lock (gate)
        {
            if (!chats.TryGetValue(channelId, out var chat))
            {
                chats[channelId] = chat = new ChatLog(new Chat { Id = channelId, Type = ChatTypes.Channel, Title = $"Channel {channelId}" });
            }

            var post = new Message
            {
                MessageId = ++chat.LastMessageId,
                SenderChat = chat.Chat,
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
                Text = text,
                Entities = FindEntities(text),
            };
            chat.Messages[post.MessageId] = post;
            return Deliver(new Update { ChannelPost = post });
        }
    }

    /// <summary>
    /// The update numbering starts over at <paramref name="nextUpdateId"/>, as Telegram's does after a week without
    /// updates (a random number) and a local Bot API server's does at each start. An offset the bot kept from the old
    /// numbering is then "in the future" for getUpdates, which answers from the oldest pending update.
    /// </summary>
    /// <exception cref="InvalidOperationException">Updates are pending: Telegram starts over only with none waiting.</exception>
    public void RestartUpdateNumbering(int nextUpdateId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nextUpdateId);
        lock (gate)
        {
            if (pendingUpdates.Count > 0)
            {
                throw new InvalidOperationException($"{pendingUpdates.Count} updates are pending; Telegram starts the numbering over only when none waits.");
            }

            this.nextUpdateId = nextUpdateId;
            NotifyChanged();
        }
    }

    /// <summary>Numbers <paramref name="update"/> and queues it, unless the bot's <c>allowed_updates</c> leave its kind out.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private Update Deliver(Update update)
    {
        update.UpdateId = nextUpdateId++;
        var wanted = allowedUpdates.Count == 0 ? !KindsWithoutSubscription.Contains(update.Kind) : allowedUpdates.Contains(update.Kind);
        if (wanted)
        {
            pendingUpdates.Add(update);
        }

        NotifyChanged();
        return update;
    }

    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private Message? MessageOrNull(long chatId, int messageId) =>
        chats.TryGetValue(chatId, out var chat) && chat.Messages.TryGetValue(messageId, out var message) ? message : null;

    /// <summary>A new object rather than a change to the stored one: earlier answers may still be serializing it.</summary>
    private static Message CopyOf(Message message) => new()
    {
        MessageId = message.MessageId,
        MessageThreadId = message.MessageThreadId,
        From = message.From,
        SenderChat = message.SenderChat,
        Chat = message.Chat,
        Date = message.Date,
        EditDate = message.EditDate,
        IsTopicMessage = message.IsTopicMessage,
        IsAutomaticForward = message.IsAutomaticForward,
        ForwardOrigin = message.ForwardOrigin,
        ReplyToMessage = message.ReplyToMessage,
        Text = message.Text,
        Entities = message.Entities,
        Caption = message.Caption,
        CaptionEntities = message.CaptionEntities,
        Photo = message.Photo,
        Sticker = message.Sticker,
        Video = message.Video,
        Voice = message.Voice,
        NewChatMembers = message.NewChatMembers,
        MigrateToChatId = message.MigrateToChatId,
        MigrateFromChatId = message.MigrateFromChatId,
    };
}
