using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TelegramAI.Contracts.Configuration;
using TelegramAI.ServiceDefaults.Configuration;

namespace TelegramAI.Tests.ServiceDefaults;

public sealed class ConfigurationFailureTests
{
    [Fact]
    public void A_missing_required_setting_is_named_by_its_environment_variable()
    {
        var failure = ValidateOnStart(builder => builder.AddValidatedOptions<QueuesOptions>(QueuesOptions.Section),
            ("Queues:Results", "results"));

        ConfigurationFailure.Describe(failure).ShouldBe("Queues__Jobs: The Jobs field is required.");
    }

    [Fact]
    public void A_nested_section_and_a_nested_member_are_joined_into_one_key()
    {
        var failure = ValidateOnStart(builder => builder.AddValidatedOptions<UploadOptions>("Aws:Upload"),
            ("Aws:Upload:PartSizeMb", "5"), ("Aws:Upload:Retry:Attempts", "0"));

        ConfigurationFailure.Describe(failure).ShouldBe("Aws__Upload__Retry__Attempts: The field Attempts must be between 1 and 10.");
    }

    [Fact]
    public void A_value_the_binder_cannot_convert_is_named_by_its_key_without_repeating_the_value()
    {
        var failure = ValidateOnStart(builder => builder.AddValidatedOptions<UploadOptions>("Aws:Upload"),
            ("Aws:Upload:PartSizeMb", "five-secret"));

        var line = ConfigurationFailure.Describe(failure);

        line.ShouldBe("Aws__Upload__PartSizeMb: cannot be read as Int32.");
    }

    [Fact]
    public void A_validator_of_the_service_reports_against_the_section()
    {
        var failure = ValidateOnStart(
            builder => builder.AddValidatedOptions<QueuesOptions, DistinctQueuesValidator>(QueuesOptions.Section),
            ("Queues:Jobs", "same"), ("Queues:Results", "same"));

        ConfigurationFailure.Describe(failure).ShouldBe("Queues: jobs and results must be different queues");
    }

    [Fact]
    public void A_configuration_exception_is_its_message_also_when_wrapped()
    {
        var failure = new AggregateException(new InvalidOperationException("starting", new ConfigurationException("Storage__Bucket", "no such bucket")));

        ConfigurationFailure.Describe(failure).ShouldBe("Storage__Bucket: no such bucket");
    }

    [Fact]
    public void Any_other_exception_is_not_a_configuration_failure() =>
        ConfigurationFailure.Describe(new InvalidOperationException("Queues__Jobs: looks like one")).ShouldBeNull();

    private static Exception ValidateOnStart(Action<HostApplicationBuilder> register, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        register(builder);
        using var host = builder.Build();

        return Should.Throw<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
    }

    private sealed class UploadOptions
    {
        [Range(5, 100)]
        public int PartSizeMb { get; set; }

        [ValidateObjectMembers]
        public RetryOptions Retry { get; set; } = new();
    }

    private sealed class RetryOptions
    {
        [Range(1, 10)]
        public int Attempts { get; set; } = 3;
    }

    private sealed class DistinctQueuesValidator : IValidateOptions<QueuesOptions>
    {
        public ValidateOptionsResult Validate(string? name, QueuesOptions options) =>
            options.Jobs == options.Results
                ? ValidateOptionsResult.Fail("jobs and results must be different queues")
                : ValidateOptionsResult.Success;
    }
}
