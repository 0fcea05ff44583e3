using System.Text;
using System.Xml.Linq;

namespace TelegramAI.Aws.Runtime;

/// <summary>
/// The AWS query protocol (form-encoded <c>Action</c> and parameters in, XML out), spoken by
/// CloudWatch, Auto Scaling and CloudFormation.
/// </summary>
internal sealed class QueryProtocol(HttpClient http, AwsClientSettings settings, AwsService service, string apiVersion)
{
    private readonly AwsTransport _transport = new(http, settings, service);

    /// <summary>Calls <paramref name="action"/> and returns its <c>&lt;ActionResult&gt;</c> element (namespaces removed).</summary>
    public async Task<(XElement Result, string? RequestId)> InvokeAsync(string action, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var form = new StringBuilder($"Action={action}&Version={apiVersion}");
        foreach (var (key, value) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var response = await _transport.SendAsync(action, Encoding.UTF8.GetBytes(form.ToString()), cancellationToken);
        var root = StripNamespaces(XDocument.Parse(Encoding.UTF8.GetString(response.Body)).Root!);
        var result = root.Element(action + "Result") ?? root;
        var requestId = response.RequestId ?? root.Element("ResponseMetadata")?.Element("RequestId")?.Value;
        return (result, requestId);
    }

    private static XElement StripNamespaces(XElement element) =>
        new(element.Name.LocalName,
            element.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => new XAttribute(a.Name.LocalName, a.Value)),
            element.Nodes().Select(n => n is XElement child ? StripNamespaces(child) : n));
}

/// <summary>Flattened query parameters in the order they are added (<c>Member.1.Name</c> style).</summary>
internal sealed class QueryParameters : List<KeyValuePair<string, string>>
{
    public void Add(string key, string? value)
    {
        if (value is not null)
        {
            Add(new KeyValuePair<string, string>(key, value));
        }
    }

    public void AddList(string prefix, IEnumerable<string>? values)
    {
        var index = 1;
        foreach (var value in values ?? [])
        {
            Add($"{prefix}.{index++}", value);
        }
    }
}
