namespace TelegramAI.Contracts.Configuration;

/// <summary>
/// A setting that is missing or wrong. Its message is the one line a service prints before it
/// stops: the configuration key in environment-variable form, then the problem.
/// </summary>
public sealed class ConfigurationException(string key, string problem, Exception? inner = null)
    : Exception($"{key}: {problem}", inner)
{
    /// <summary>The key as it is set in the environment, for example <c>Queues__Jobs</c>.</summary>
    public string Key { get; } = key;
}
