using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TelegramAI.Telegram.Emulator;

/// <summary>
/// A method's parameters, read the ways the Bot API accepts them: query string, JSON body,
/// urlencoded or multipart form. In forms, objects and arrays arrive as JSON text.
/// </summary>
internal sealed class BotRequest
{
    private readonly Dictionary<string, JsonElement> json;
    private readonly IFormCollection? form;
    private readonly IQueryCollection query;

    private BotRequest(Dictionary<string, JsonElement> json, IFormCollection? form, IQueryCollection query)
    {
        this.json = json;
        this.form = form;
        this.query = query;
    }

    public static async Task<BotRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var json = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        IFormCollection? form = null;
        if (request.HasJsonContentType())
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        json[property.Name] = property.Value.Clone();
                    }
                }
            }
            catch (JsonException)
            {
                // Telegram ignores a body it cannot parse; the method then reports its missing parameters.
            }
        }
        else if (request.HasFormContentType)
        {
            form = await request.ReadFormAsync(cancellationToken);
        }

        return new BotRequest(json, form, request.Query);
    }

    public string? String(string name)
    {
        if (json.TryGetValue(name, out var element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => element.GetRawText(),
            };
        }

        if (form is not null && form.TryGetValue(name, out var formValue))
        {
            return formValue.ToString();
        }

        return query.TryGetValue(name, out var queryValue) ? queryValue.ToString() : null;
    }

    public long? Long(string name) =>
        long.TryParse(String(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public int? Int(string name) =>
        int.TryParse(String(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>As the official server reads a flag: "true", "yes" or "1" in any case, anything else is false.</summary>
    public bool Bool(string name) => String(name)?.Trim().ToLowerInvariant() is "true" or "yes" or "1";

    /// <summary>Whether the parameter was sent at all, even empty.</summary>
    public bool Has(string name) => json.ContainsKey(name) || (form?.ContainsKey(name) ?? false) || query.ContainsKey(name);

    /// <summary>An object or array parameter, whether sent as JSON or as JSON text in a form field.</summary>
    /// <returns>Null when absent or empty; <paramref name="malformed"/> tells a value that is not JSON at all.</returns>
    public JsonElement? Json(string name, out bool malformed)
    {
        malformed = false;
        if (json.TryGetValue(name, out var element) && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return element;
        }

        if (String(name) is not { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            malformed = true;
            return null;
        }
    }

    public IFormFile? File(string name) => form?.Files.GetFile(name);
}
