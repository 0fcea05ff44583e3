using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace TelegramAI.ServiceDefaults.Configuration;

/// <summary>
/// DataAnnotations validation whose failures are already the line an operator reads:
/// <c>Queues__Jobs: The Jobs field is required.</c> The framework's own validator reports the
/// options type and member instead, which the operator cannot map to a setting. Members marked
/// <see cref="ValidateObjectMembersAttribute"/> are validated as nested sections.
/// </summary>
internal sealed class SectionDataAnnotationsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != Options.DefaultName)
            return ValidateOptionsResult.Skip;

        var failures = new List<string>();
        Collect(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object instance, string sectionPath, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.DefaultIfEmpty(null);
            foreach (var member in members)
                failures.Add($"{ConfigurationKey.ToEnvironmentVariable(sectionPath, member)}: {result.ErrorMessage}");
        }

        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.IsDefined(typeof(ValidateObjectMembersAttribute)) && property.GetIndexParameters().Length == 0
                && property.GetValue(instance) is { } nested)
            {
                Collect(nested, $"{sectionPath}:{property.Name}", failures);
            }
        }
    }
}

/// <summary>
/// Gives a caller's validator the same "key: problem" form: a failure that does not already
/// name a key under the section is reported against the section.
/// </summary>
internal sealed class SectionKeyedValidator<TOptions, TValidator>(string section, TValidator inner) : IValidateOptions<TOptions>
    where TOptions : class
    where TValidator : IValidateOptions<TOptions>
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(name, options);
        if (!result.Failed)
            return result;

        var sectionKey = ConfigurationKey.ToEnvironmentVariable(section);
        return ValidateOptionsResult.Fail(result.Failures!.Select(failure =>
            failure.StartsWith($"{sectionKey}__", StringComparison.Ordinal) || failure.StartsWith($"{sectionKey}:", StringComparison.Ordinal)
                ? failure
                : $"{sectionKey}: {failure}"));
    }
}
