using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TelegramAI.Deployment;

/// <summary>
/// The one way the template is written, so the committed file and the emitted one compare
/// byte for byte: two-space indent, LF line ends, a final newline, keys in insertion order.
/// </summary>
public static class TemplateJson
{
    public const string FileName = "telegramai.template.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // The file is read by CloudFormation and people, never embedded in HTML, so shell
        // operators in the user data stay readable instead of becoming \u0026.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonObject template) => template.ToJsonString(Options) + "\n";
}
