using System.Text.Json;
using System.Text.Json.Serialization;

namespace TelegramAI.Contracts.Jobs;

/// <summary>The one JSON shape of queue messages, used by every service.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(JobResult))]
public sealed partial class ContractJson : JsonSerializerContext;
