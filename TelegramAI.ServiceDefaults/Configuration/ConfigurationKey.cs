namespace TelegramAI.ServiceDefaults.Configuration;

/// <summary>Configuration paths in the form an operator sets them: environment variables.</summary>
public static class ConfigurationKey
{
    /// <summary>
    /// <c>("Queues", "Jobs")</c> becomes <c>Queues__Jobs</c>; nested sections (<c>Aws:Queues</c>)
    /// and nested members (<c>Retry.Delay</c>) are joined the same way.
    /// </summary>
    public static string ToEnvironmentVariable(string section, string? member = null)
    {
        var path = string.IsNullOrEmpty(member) ? section : $"{section}:{member}";
        return string.Join("__", path.Split([':', '.'], StringSplitOptions.RemoveEmptyEntries));
    }
}
