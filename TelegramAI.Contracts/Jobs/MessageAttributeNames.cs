namespace TelegramAI.Contracts.Jobs;

/// <summary>SQS message attribute names shared by every producer and consumer.</summary>
public static class MessageAttributeNames
{
    /// <summary>W3C trace context, so one trace runs from the Telegram update to the reply.</summary>
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
}
