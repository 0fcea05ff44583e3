using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TelegramAI.ServiceDefaults.Configuration;

namespace Microsoft.Extensions.Hosting;

public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> (<c>:</c> separates
    /// nested sections) and validates its DataAnnotations when the host starts, so that a missing
    /// or wrong setting stops the service before it does any work. Failures read
    /// <c>Section__Member: problem</c>; see <see cref="ServiceRunExtensions.RunServiceAsync"/>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(
            new SectionDataAnnotationsValidator<TOptions>(section)));

        return builder.Services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateOnStart();
    }

    /// <summary>
    /// As <see cref="AddValidatedOptions{TOptions}(IHostApplicationBuilder, string)"/>, and also
    /// runs <typeparamref name="TValidator"/> (constructed from the container). Its failures may
    /// name a key (<c>Queues__Jobs: ...</c>); any other failure is reported against the section.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IHostApplicationBuilder builder, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.TryAddSingleton<TValidator>();
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(services =>
            new SectionKeyedValidator<TOptions, TValidator>(section, services.GetRequiredService<TValidator>()));

        return builder.AddValidatedOptions<TOptions>(section);
    }
}
