using System.Text.Json;
using System.Text.Json.Serialization;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Bot.State;

/// <summary>
/// One line of the <see cref="StateJournal"/>: a change to what the bot remembers. Every record says what is so
/// afterwards rather than what changed, so reading one twice (a compaction that raced an append) changes nothing.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(UpdateRecorded), "update")]
[JsonDerivedType(typeof(JobsEnqueued), "enqueued")]
[JsonDerivedType(typeof(ReplyEnded), "reply")]
[JsonDerivedType(typeof(UpdatesConfirmed), "confirmed")]
[JsonDerivedType(typeof(JobKnown), "job")]
[JsonDerivedType(typeof(JobFinished), "finished")]
[JsonDerivedType(typeof(ChatGone), "gone")]
[JsonDerivedType(typeof(ChatBack), "back")]
[JsonDerivedType(typeof(ChatMigrated), "migrated")]
public abstract record StateRecord(DateTimeOffset At);

/// <summary>
/// What the bot decided for one update, recorded before any of it is done: the replies to send and the jobs to
/// queue. <see cref="UpdateLedger"/> finishes it after a restart; <see cref="JobBook"/> learns the jobs from it.
/// </summary>
/// <param name="Key">The update's identity, from what Telegram never reuses (see <see cref="Conversation.UpdateKey"/>).</param>
public sealed record UpdateRecorded(DateTimeOffset At, string Key, int UpdateId, PendingReply[] Replies, JobMessage[] Jobs) : StateRecord(At);

/// <summary>The update's jobs are on the jobs queue (or the user is told they could not be: <paramref name="Failed"/>).</summary>
public sealed record JobsEnqueued(DateTimeOffset At, string Key, Guid[] Failed) : StateRecord(At);

/// <summary>
/// Reply <paramref name="Index"/> of an update is done with: sent as <paramref name="MessageId"/> in
/// <paramref name="ChatId"/> (the supergroup, if the group moved meanwhile), or not to be sent (null: the chat is
/// gone, or a job's final result made its status reply moot). For a status reply, <paramref name="JobId"/> names its job.
/// </summary>
public sealed record ReplyEnded(DateTimeOffset At, string Key, int Index, int? MessageId, Guid? JobId, long? ChatId = null) : StateRecord(At);

/// <summary>Telegram was told these updates are done: it will not deliver them again.</summary>
public sealed record UpdatesConfirmed(DateTimeOffset At, string[] Keys) : StateRecord(At);

/// <summary>A job as the <see cref="JobBook"/> keeps it (written when the journal is compacted).</summary>
public sealed record JobKnown(DateTimeOffset At, JobRecord Job) : StateRecord(At);

/// <summary>The user was given the job's final result; later or repeated results are dropped.</summary>
public sealed record JobFinished(DateTimeOffset At, Guid JobId) : StateRecord(At);

/// <summary>The bot may no longer write to the chat: Telegram answered 403, or "chat not found".</summary>
public sealed record ChatGone(DateTimeOffset At, long ChatId, string Reason) : StateRecord(At);

/// <summary>The chat is back: its user wrote again, or the bot was added to the group again.</summary>
public sealed record ChatBack(DateTimeOffset At, long ChatId) : StateRecord(At);

/// <summary>The group <paramref name="From"/> became the supergroup <paramref name="To"/>.</summary>
public sealed record ChatMigrated(DateTimeOffset At, long From, long To) : StateRecord(At);

/// <summary>A message the bot owes a user for an update: an answer, or the status reply of a job (<paramref name="JobId"/>).</summary>
/// <param name="ReplyTo">The user's message it answers.</param>
/// <param name="ThreadId">The forum topic the user wrote in.</param>
public sealed record PendingReply(long ChatId, string Text, int? ReplyTo, int? ThreadId, Guid? JobId = null);

/// <summary>
/// A job the bot started: where its status message is and whether the user has its final result. A result names
/// only its job; this is how the bot finds the chat message to edit.
/// </summary>
/// <param name="RequestMessageId">The user's message that asked for it, which a final result replies to when there is no status message.</param>
/// <param name="StatusMessageId">The status reply, once Telegram took it.</param>
/// <param name="StatusChatId">Where the status reply went: the supergroup, if the group moved before it did.</param>
public sealed record JobRecord(Guid JobId, long ChatId, int? RequestMessageId, int? ThreadId, int? StatusMessageId, bool Finished, DateTimeOffset At, long? StatusChatId = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateRecord))]
internal sealed partial class StateJson : JsonSerializerContext;
