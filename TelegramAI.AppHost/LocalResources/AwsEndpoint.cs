using Microsoft.Extensions.Configuration;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.AppHost.LocalResources;

/// <summary>
/// The AWS the local run talks to: the endpoint in <c>AWS_ENDPOINT_URL</c> when one is given (LocalStack, or
/// a moto of your own), else a moto server started here and stopped with the AppHost.
/// </summary>
public sealed class AwsEndpoint : IAsyncDisposable
{
    private readonly MotoServer? _moto;

    private AwsEndpoint(MotoServer? moto, AwsClientSettings settings, IReadOnlyDictionary<string, string> environment, string description)
    {
        _moto = moto;
        Settings = settings;
        Environment = environment;
        Description = description;
    }

    public AwsClientSettings Settings { get; }

    /// <summary>The AWS_* variables every service gets.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>What the view shows: the endpoint, never a credential.</summary>
    public string Description { get; }

    public int? ProcessId => _moto?.ProcessId;

    public static async Task<AwsEndpoint> StartAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AWS_ENDPOINT_URL"]))
        {
            // Given: the services inherit the same AWS_* variables (and credential chain) as the AppHost.
            var settings = AwsClientSettings.FromConfiguration(configuration);
            var environment = new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL"] = configuration["AWS_ENDPOINT_URL"]!,
                ["AWS_REGION"] = settings.Region,
            };
            return new AwsEndpoint(null, settings, environment, configuration["AWS_ENDPOINT_URL"]!);
        }

        var moto = await MotoServer.StartAsync(cancellationToken: cancellationToken);
        var motoSettings = AwsClientSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(
            moto.Environment.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build());
        return new AwsEndpoint(moto, motoSettings, moto.Environment, moto.Endpoint.ToString().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }
}
