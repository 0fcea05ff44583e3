using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Configuration;

namespace TelegramAI.ServiceDefaults.Configuration;

/// <summary>Turns a start-up failure caused by a setting into the one line an operator reads.</summary>
public static partial class ConfigurationFailure
{
    /// <summary>
    /// <c>Queues__Jobs: The Jobs field is required.</c> for an <see cref="OptionsValidationException"/>
    /// or a <see cref="ConfigurationException"/>, also when wrapped (the host aggregates start-up
    /// failures); null for any other exception. Of several failures the first is reported: the
    /// operator fixes it and the next run names the next one.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        var line = FindCause(exception) switch
        {
            ConfigurationException configuration => configuration.Message,
            OptionsValidationException validation => validation.Failures.FirstOrDefault() is { } failure
                // Failures from SectionDataAnnotationsValidator already start with the key;
                // those from validators registered elsewhere name only the options type.
                ? KeyedLine().IsMatch(failure) ? failure : $"{validation.OptionsType.Name}: {failure}"
                : validation.Message,
            InvalidOperationException conversion when UnconvertibleValue().Match(conversion.Message) is { Success: true } match =>
                // The binder's message quotes the value; a value is not repeated, it may be a secret.
                $"{ConfigurationKey.ToEnvironmentVariable(match.Groups["path"].Value)}: cannot be read as {match.Groups["type"].Value.Split('.')[^1]}.",
            _ => null,
        };
        return line?.ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]+(__[A-Za-z0-9_]+)*: ", RegexOptions.CultureInvariant)]
    private static partial Regex KeyedLine();

    // "Failed to convert configuration value '...' at 'Scaling:Period' to type 'System.TimeSpan'."
    [GeneratedRegex(@"^Failed to convert configuration value .* at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex UnconvertibleValue();

    private static Exception? FindCause(Exception exception) => exception switch
    {
        ConfigurationException or OptionsValidationException => exception,
        InvalidOperationException when UnconvertibleValue().IsMatch(exception.Message) => exception,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindCause).FirstOrDefault(cause => cause is not null),
        { InnerException: { } inner } => FindCause(inner),
        _ => null,
    };
}
