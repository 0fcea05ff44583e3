using Amazon.Runtime;
using Amazon.SQS;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;

[assembly: AssemblyFixture(typeof(TelegramAI.Tests.Support.MotoFixture))]

namespace TelegramAI.Tests.Support;

/// <summary>
/// One moto server for the whole test run, started by the tests themselves and stopped by pid.
/// Tests share it safely by giving their resources unique names (<see cref="UniqueName"/>).
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    private MotoServer? _server;

    public MotoServer Server => _server ?? throw new InvalidOperationException("moto is not started.");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public AwsClientSettings Settings(Uri? endpoint = null, int maxErrorRetry = 2) =>
        new(MotoServer.Region, new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = endpoint ?? Server.Endpoint })
        {
            MaxErrorRetry = maxErrorRetry,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };

    /// <summary>The SDK's SQS client on this moto (or on <paramref name="endpoint"/>, a proxy in front of it).</summary>
    public IAmazonSQS Sqs(Uri? endpoint = null, int maxErrorRetry = 2) => Settings(endpoint, maxErrorRetry).CreateSqsClient();

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 80)];

    public async ValueTask InitializeAsync() => _server = await MotoServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
