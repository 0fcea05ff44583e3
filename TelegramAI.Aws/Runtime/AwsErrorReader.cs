using System.Net;
using System.Text;
using System.Xml.Linq;

namespace TelegramAI.Aws.Runtime;

/// <summary>
/// Reads a query-protocol error answer (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>) into an
/// <see cref="AwsServiceException"/>; an answer that is not XML (a gateway's page) is named by its
/// <c>X-Amzn-ErrorType</c> header or its status.
/// </summary>
internal static class AwsErrorReader
{
    public static AwsServiceException Read(string operation, HttpResponseMessage response, byte[] body)
    {
        var (code, message, requestId) = FromXml(body) ?? default;
        code ??= HeaderCode(response);
        return new AwsServiceException(
            operation,
            message ?? response.ReasonPhrase ?? "no message",
            code ?? StatusCodeName(response.StatusCode),
            AwsTransport.RequestId(response) ?? requestId,
            response.StatusCode,
            (int)response.StatusCode >= 500 ? Amazon.Runtime.ErrorType.Receiver : Amazon.Runtime.ErrorType.Sender);
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
