using System.Globalization;
using System.Xml.Linq;

namespace TelegramAI.Aws.Runtime;

/// <summary>Reading values out of query-protocol XML answers.</summary>
internal static class QueryXml
{
    public static string? Text(this XElement element, string name) => element.Element(name)?.Value;

    public static int Int(this XElement element, string name) =>
        int.TryParse(element.Element(name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public static double? Double(this XElement element, string name) =>
        double.TryParse(element.Element(name)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static DateTimeOffset? Time(this XElement element, string name) =>
        DateTimeOffset.TryParse(element.Element(name)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    /// <summary>The <c>member</c> children of a list element (empty when the list is absent).</summary>
    public static IEnumerable<XElement> Members(this XElement element, string listName) =>
        element.Element(listName)?.Elements("member") ?? [];

    public static string Iso8601(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
