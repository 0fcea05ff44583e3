using System.Text.Json.Nodes;

namespace TelegramAI.Deployment;

/// <summary>CloudFormation intrinsic functions in their JSON form.</summary>
internal static class Fn
{
    public static JsonObject Ref(string logicalName) => new() { ["Ref"] = logicalName };

    public static JsonObject Sub(string text) => new() { ["Fn::Sub"] = text };

    public static JsonObject GetAtt(string logicalName, string attribute) =>
        new() { ["Fn::GetAtt"] = new JsonArray(logicalName, attribute) };

    public static JsonObject Base64(JsonNode value) => new() { ["Fn::Base64"] = value };

    /// <summary>A name unique to the stack, so two stacks in one account never collide.</summary>
    public static JsonObject StackName(string suffix) => Sub("${AWS::StackName}-" + suffix);
}
