using System.Diagnostics;
using Amazon.SQS.Model;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Messaging;

/// <summary>
/// W3C trace context in SQS message attributes, so one trace runs from the Telegram update,
/// through the worker's download and upload, to the bot's reply.
/// </summary>
public static class TraceContext
{
    /// <summary>The current activity's context as message attributes (none when nothing is traced).</summary>
    public static Dictionary<string, MessageAttributeValue>? ToAttributes(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is null)
        {
            return null;
        }

        var attributes = new Dictionary<string, MessageAttributeValue> { [MessageAttributeNames.TraceParent] = new MessageAttributeValue { DataType = "String", StringValue = activity.Id } };
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            attributes[MessageAttributeNames.TraceState] = new MessageAttributeValue { DataType = "String", StringValue = activity.TraceStateString };
        }

        return attributes;
    }

    /// <summary>The context a message carries, or default when it carries none or a malformed one.</summary>
    public static ActivityContext FromAttributes(Dictionary<string, MessageAttributeValue>? attributes)
    {
        if (attributes is not null && attributes.TryGetValue(MessageAttributeNames.TraceParent, out var parent)
            && ActivityContext.TryParse(parent.StringValue, attributes.GetValueOrDefault(MessageAttributeNames.TraceState)?.StringValue, isRemote: true, out var context))
        {
            return context;
        }

        return default;
    }
}
