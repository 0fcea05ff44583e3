using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace TelegramAI.Aws.Runtime;

/// <summary>
/// Reads an error answer into an <see cref="AwsServiceException"/>. Both shapes are tried whatever the
/// protocol: AWS and emulators answer some errors (authentication, gateways) in the other one.
/// </summary>
internal static class AwsErrorReader
{
    public static AwsServiceException Read(string operation, HttpResponseMessage response, byte[] body)
    {
        var (code, message, requestId) = FromJson(body) ?? FromXml(body) ?? default;
        code ??= HeaderCode(response);
        return new AwsServiceException(
            operation,
            message ?? response.ReasonPhrase ?? "no message",
            code ?? StatusCodeName(response.StatusCode),
            AwsTransport.RequestId(response) ?? requestId,
            response.StatusCode,
            (int)response.StatusCode >= 500 ? Amazon.Runtime.ErrorType.Receiver : Amazon.Runtime.ErrorType.Sender);
    }

    private static (string? Code, string? Message, string? RequestId)? FromJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // "__type" is "com.amazonaws.sqs#QueueDoesNotExist" or a bare name; the shape name is the code.
            var code = root.TryGetProperty("__type", out var type) ? type.GetString()?.Split('#')[^1] : null;
            var message = root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m) ? m.GetString() : null;
            return (code, message, null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string? Code, string? Message, string? RequestId)? FromXml(byte[] body)
    {
        try
        {
            var root = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
            var error = root.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
            string? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            return (Child(error, "Code"), Child(error, "Message"), root.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string? HeaderCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.First().Split(':')[0].Split('#')[^1] : null;

    private static string StatusCodeName(HttpStatusCode status) => status switch
    {
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        HttpStatusCode.TooManyRequests => "Throttling",
        _ => "Http" + (int)status,
    };
}
