namespace TelegramAI.Telegram.Emulator;

/// <summary>
/// The flood limits the stand-in enforces, as Telegram's Bots FAQ publishes them
/// (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): about 30 messages a second
/// overall, about one a second in one chat ("we may allow short bursts"), and 20 a minute in one group. Telegram
/// publishes them as approximate; the stand-in reads each as a token bucket: that rate, with bursts up to the
/// given size. Every call that sends or edits a message or a video counts; a call over a limit is answered 429
/// with <c>retry_after</c>, and still counts against the limits it passed, as Telegram punishes floods.
/// </summary>
/// <param name="MessagesPerSecond">Overall, across all chats; bursts up to one second's worth.</param>
/// <param name="ChatMessagesPerSecond">In one chat, private or group.</param>
/// <param name="ChatBurst">The short burst one chat may get above its rate.</param>
/// <param name="GroupMessagesPerMinute">In one group, supergroup or channel (negative chat ids); bursts up to one minute's worth.</param>
public sealed record FloodLimits(int MessagesPerSecond, int ChatMessagesPerSecond, int ChatBurst, int GroupMessagesPerMinute)
{
    /// <summary>Telegram's published limits: 30 a second, 1 a second per chat (bursts of 3), 20 a minute per group.</summary>
    public static FloodLimits Telegram { get; } = new(30, 1, 3, 20);
}
