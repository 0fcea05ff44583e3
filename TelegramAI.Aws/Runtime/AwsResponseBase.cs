using System.Text.Json.Serialization;

namespace TelegramAI.Aws.Runtime;

/// <summary>The request id AWS gave a call, for support cases and log correlation.</summary>
public sealed record ResponseMetadata(string? RequestId);

/// <summary>Base of every response type, as in the SDK (<c>AmazonWebServiceResponse</c>).</summary>
public abstract class AwsResponseBase
{
    [JsonIgnore]
    public ResponseMetadata ResponseMetadata { get; set; } = new(null);
}
