using TelegramAI.Telegram.Emulator.Wire;

namespace TelegramAI.Telegram.Emulator;

// Chats beyond a private one, and the bot's place in them: groups and supergroups the bot is added to or removed
// from, forum topics, a group's upgrade to a supergroup, anonymous administrators and a channel's automatic
// forwards; and the private chat's end: a user who blocks the bot or whose account is deleted. Writes to a chat the
// bot may no longer write to are refused with the official server's codes and wording (telegram-bot-api's
// check_chat_access), which is what tells a bot to stop.
public sealed partial class TelegramBotApiEmulator
{
    private readonly HashSet<long> deactivatedUsers = [];

    /// <summary>
    /// <paramref name="byUserId"/> adds the bot to a group (made if new; a negative id, below -10^12 for a
    /// supergroup): a <c>my_chat_member</c> update (left to member, or administrator) and the group's
    /// <c>new_chat_members</c> service message, as Telegram sends both.
    /// </summary>
    public Update AddBotToGroup(long groupId, long byUserId, bool asAdministrator = false)
    {
        if (groupId >= 0)
        {
            throw new ArgumentException("Group ids are negative.", nameof(groupId));
        }

        lock (gate)
        {
            var chat = ChatLogFor(groupId, byUserId);
            chat.BotRemoved = false;
            var newStatus = asAdministrator ? ChatMemberStatuses.Administrator : ChatMemberStatuses.Member;
            var membership = Deliver(MembershipChange(chat.Chat, byUserId, ChatMemberStatuses.Left, newStatus));
            var joined = new Message
            {
                MessageId = ++chat.LastMessageId,
                From = UserFor(byUserId),
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
                NewChatMembers = [Bot],
            };
            chat.Messages[joined.MessageId] = joined;
            Deliver(new Update { Message = joined });
            return membership;
        }
    }

    /// <summary>
    /// <paramref name="byUserId"/> removes the bot from a group, supergroup or channel: a <c>my_chat_member</c> update
    /// (to kicked), and from then on every write there is refused with 403 "Forbidden: bot was kicked from the … chat".
    /// </summary>
    public Update RemoveBotFromChat(long chatId, long byUserId)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat) || chat.Chat.Type == ChatTypes.Private)
            {
                throw new ArgumentException($"Chat {chatId} is not a group, supergroup or channel the stand-in knows.", nameof(chatId));
            }

            chat.BotRemoved = true;
            return Deliver(MembershipChange(chat.Chat, byUserId, ChatMemberStatuses.Member, ChatMemberStatuses.Kicked));
        }
    }

    /// <summary>
    /// The user stops the bot: a <c>my_chat_member</c> update (member to kicked) and from now on every message or edit
    /// to their private chat is refused with Telegram's 403 "Forbidden: bot was blocked by the user".
    /// </summary>
    public void BlockBot(long userId)
    {
        lock (gate)
        {
            blockedBy.Add(userId);
            Deliver(MembershipChange(ChatLogFor(userId, userId).Chat, userId, ChatMemberStatuses.Member, ChatMemberStatuses.Kicked));
        }
    }

    /// <summary>The user restarts the bot they had blocked: a <c>my_chat_member</c> update (kicked to member); writes work again.</summary>
    public void UnblockBot(long userId)
    {
        lock (gate)
        {
            blockedBy.Remove(userId);
            Deliver(MembershipChange(ChatLogFor(userId, userId).Chat, userId, ChatMemberStatuses.Kicked, ChatMemberStatuses.Member));
        }
    }

    /// <summary>The user deletes their account: writes to their private chat are refused with 403 "Forbidden: user is deactivated".</summary>
    public void DeactivateUser(long userId)
    {
        lock (gate)
        {
            deactivatedUsers.Add(userId);
            NotifyChanged();
        }
    }

    /// <summary>
    /// The basic group becomes a supergroup with a new id, as Telegram upgrades a group that grows or gets certain
    /// settings: the group gets a <c>migrate_to_chat_id</c> service message, the supergroup a <c>migrate_from_chat_id</c>
    /// one, and from then on writes to the group are refused with 400 "Bad Request: group chat was upgraded to a
    /// supergroup chat" and <c>parameters.migrate_to_chat_id</c>. The supergroup's message ids start anew.
    /// </summary>
    /// <returns>The supergroup's id.</returns>
    public long MigrateToSupergroup(long groupId, long byUserId)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(groupId, out var group) || group.Chat.Type != ChatTypes.Group || group.MigratedTo is not null)
            {
                throw new ArgumentException($"Chat {groupId} is not a basic group the stand-in knows.", nameof(groupId));
            }

            var supergroupId = SupergroupIdsBelow + groupId;
            var supergroup = ChatLogFor(supergroupId, byUserId);
            group.MigratedTo = supergroupId;

            var leaving = new Message
            {
                MessageId = ++group.LastMessageId,
                From = UserFor(byUserId),
                Chat = group.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
                MigrateToChatId = supergroupId,
            };
            group.Messages[leaving.MessageId] = leaving;
            Deliver(new Update { Message = leaving });

            var arriving = new Message
            {
                MessageId = ++supergroup.LastMessageId,
                From = UserFor(byUserId),
                Chat = supergroup.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
                MigrateFromChatId = groupId,
            };
            supergroup.Messages[arriving.MessageId] = arriving;
            Deliver(new Update { Message = arriving });
            return supergroupId;
        }
    }

    /// <summary>
    /// Makes the supergroup a forum (if it is not one yet) and opens a topic in it.
    /// </summary>
    /// <returns>The topic's <c>message_thread_id</c>, for <see cref="InjectTopicMessage"/>.</returns>
    public int CreateForumTopic(long supergroupId, long byUserId)
    {
        if (supergroupId >= SupergroupIdsBelow)
        {
            throw new ArgumentException("Forums are supergroups, with ids below -10^12.", nameof(supergroupId));
        }

        lock (gate)
        {
            var chat = ChatLogFor(supergroupId, byUserId);
            chat.Chat.IsForum = true;

            // A topic's id is the id of the service message that created it.
            var created = new Message
            {
                MessageId = ++chat.LastMessageId,
                From = UserFor(byUserId),
                Chat = chat.Chat,
                Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            };
            created.MessageThreadId = created.MessageId;
            created.IsTopicMessage = true;
            chat.Messages[created.MessageId] = created;
            chat.Topics.Add(created.MessageId);
            NotifyChanged();
            return created.MessageId;
        }
    }

    /// <summary>A user writes <paramref name="text"/> in the forum topic <paramref name="threadId"/>.</summary>
    public Update InjectTopicMessage(long supergroupId, long userId, int threadId, string text) =>
        InjectMessage(supergroupId, userId, message =>
        {
            message.Text = text;
            message.Entities = FindEntities(text);
            message.MessageThreadId = threadId;
            message.IsTopicMessage = true;
        });

    /// <summary>
    /// An anonymous administrator writes in the group: Telegram sends it from the placeholder user
    /// @GroupAnonymousBot (a bot), with the group itself as <c>sender_chat</c>.
    /// </summary>
    public Update InjectAnonymousAdminMessage(long groupId, string text) =>
        InjectMessage(groupId, GroupAnonymousBotId, message =>
        {
            message.From = new User { Id = GroupAnonymousBotId, IsBot = true, FirstName = "Group", Username = "GroupAnonymousBot" };
            message.SenderChat = message.Chat;
            message.Text = text;
            message.Entities = FindEntities(text);
        });

    /// <summary>
    /// A post of the channel linked to the group, which Telegram copies into the group for discussion: sent by the
    /// placeholder user Telegram (777000) on behalf of the channel, with <c>is_automatic_forward</c>.
    /// </summary>
    public Update InjectAutomaticForward(long groupId, string text) =>
        InjectMessage(groupId, TelegramServiceUserId, message =>
        {
            var channel = new Chat { Id = SupergroupIdsBelow - 5151, Type = ChatTypes.Channel, Title = "Linked channel" };
            message.From = new User { Id = TelegramServiceUserId, FirstName = "Telegram" };
            message.SenderChat = channel;
            message.IsAutomaticForward = true;
            message.ForwardOrigin = new MessageOrigin { Type = "channel", Date = message.Date, Chat = channel, MessageId = 12 };
            message.Text = text;
            message.Entities = FindEntities(text);
        });

    /// <summary>The id Telegram gives @GroupAnonymousBot, the sender of anonymous administrators' messages.</summary>
    public const long GroupAnonymousBotId = 1_087_968_824;

    /// <summary>The id of the service user "Telegram", the sender of automatic forwards.</summary>
    public const long TelegramServiceUserId = 777_000;

    /// <summary>The refusal of a write to <paramref name="chat"/> the bot may no longer write to, or null.</summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private Refusal? WriteRefusal(ChatLog chat)
    {
        if (chat.MigratedTo is { } supergroupId)
        {
            return new Refusal(400, "Bad Request: group chat was upgraded to a supergroup chat") { MigrateToChatId = supergroupId };
        }

        return chat.Chat.Type switch
        {
            ChatTypes.Private when deactivatedUsers.Contains(chat.Chat.Id) => Refusal.Forbidden("user is deactivated"),
            ChatTypes.Private when blockedBy.Contains(chat.Chat.Id) => Refusal.Forbidden("bot was blocked by the user"),
            ChatTypes.Group when chat.BotRemoved => Refusal.Forbidden("bot was kicked from the group chat"),
            ChatTypes.Supergroup when chat.BotRemoved => Refusal.Forbidden("bot was kicked from the supergroup chat"),
            ChatTypes.Channel when chat.BotRemoved => Refusal.Forbidden("bot was kicked from the channel chat"),
            _ => null,
        };
    }

    /// <summary>
    /// <c>message_thread_id</c> of a write: in a forum, an open topic (the General topic is written to without one,
    /// and naming it is refused); elsewhere it is ignored, as the official server ignores it.
    /// </summary>
    /// <remarks>Callers hold <see cref="gate"/>.</remarks>
    private static int? ThreadToWriteTo(ChatLog chat, int? threadId)
    {
        if (threadId is not { } id || id == 0 || chat.Chat.IsForum != true)
        {
            return null;
        }

        return chat.Topics.Contains(id) ? id : throw Refusal.BadRequest("message thread not found");
    }

    /// <summary>A <c>my_chat_member</c> update: the bot's status in <paramref name="chat"/> went from one to the other.</summary>
    private Update MembershipChange(Chat chat, long byUserId, string oldStatus, string newStatus) => new()
    {
        MyChatMember = new ChatMemberUpdated
        {
            Chat = chat,
            From = UserFor(byUserId),
            Date = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            OldChatMember = new ChatMember { Status = oldStatus, User = Bot },
            NewChatMember = new ChatMember { Status = newStatus, User = Bot, UntilDate = newStatus == ChatMemberStatuses.Kicked ? 0 : null },
        },
    };
}
