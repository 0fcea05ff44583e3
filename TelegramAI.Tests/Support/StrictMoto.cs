using System.Net.Http.Headers;
using System.Xml.Linq;
using Amazon.Runtime;
using TelegramAI.Aws.Emulator;
using TelegramAI.Aws.Runtime;

namespace TelegramAI.Tests.Support;

/// <summary>
/// A moto that checks every request's signature against its own IAM users, as AWS does
/// (<c>INITIAL_NO_AUTH_ACTION_COUNT=0</c>), with one IAM user and one role allowed every action.
/// Checking is lifted only while that user and role are created (moto's <c>/moto-api/reset-auth</c>).
/// </summary>
public sealed class StrictMoto : IAsyncDisposable
{
    private static readonly AwsService Iam = new("IAM", "iam", "iam");
    private static readonly AwsService Sts = new("STS", "sts", "sts");
    private const string AllowEverything = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private StrictMoto(MotoServer server) => Server = server;

    public MotoServer Server { get; }

    /// <summary>The access key pair of an IAM user that may do everything.</summary>
    public BasicAWSCredentials User { get; private set; } = null!;

    /// <summary>The ARN of a role that may do everything and that the user may assume.</summary>
    public string RoleArn { get; private set; } = "";

    public static async Task<StrictMoto> StartAsync(CancellationToken cancellationToken)
    {
        var moto = new StrictMoto(await MotoServer.StartAsync(requireAuthentication: true, cancellationToken: cancellationToken));
        try
        {
            await moto.SetUnauthenticatedActionsAsync("inf", cancellationToken);
            var iam = moto.Query(Iam, "2010-05-08", new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey));
            var (user, _) = await iam.InvokeAsync("CreateUser", new() { { "UserName", "telegramai-test" } }, cancellationToken);
            var userArn = user.Element("User")!.Element("Arn")!.Value;
            await iam.InvokeAsync("PutUserPolicy", new() { { "UserName", "telegramai-test" }, { "PolicyName", "all" }, { "PolicyDocument", AllowEverything } }, cancellationToken);
            var (key, _) = await iam.InvokeAsync("CreateAccessKey", new() { { "UserName", "telegramai-test" } }, cancellationToken);
            var accessKey = key.Element("AccessKey")!;
            moto.User = new BasicAWSCredentials(accessKey.Element("AccessKeyId")!.Value, accessKey.Element("SecretAccessKey")!.Value);

            var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{userArn}}"},"Action":"sts:AssumeRole"}]}""";
            var (role, _) = await iam.InvokeAsync("CreateRole", new() { { "RoleName", "telegramai-test" }, { "AssumeRolePolicyDocument", trust } }, cancellationToken);
            moto.RoleArn = role.Element("Role")!.Element("Arn")!.Value;
            await iam.InvokeAsync("PutRolePolicy", new() { { "RoleName", "telegramai-test" }, { "PolicyName", "all" }, { "PolicyDocument", AllowEverything } }, cancellationToken);
            await moto.SetUnauthenticatedActionsAsync("0", cancellationToken);
            return moto;
        }
        catch
        {
            await moto.DisposeAsync();
            throw;
        }
    }

    /// <summary>Settings that sign with <paramref name="credentials"/> for this moto, retrying nothing.</summary>
    public AwsClientSettings Settings(AWSCredentials credentials) =>
        new(MotoServer.Region, credentials, new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = Server.Endpoint }) { MaxErrorRetry = 0 };

    /// <summary>Temporary credentials of the role (access key, secret and session token), assumed by the user through STS.</summary>
    public async Task<ImmutableCredentials> AssumeRoleAsync(CancellationToken cancellationToken)
    {
        var (result, _) = await Query(Sts, "2011-06-15", User).InvokeAsync(
            "AssumeRole", new() { { "RoleArn", RoleArn }, { "RoleSessionName", "telegramai-test" } }, cancellationToken);
        var credentials = result.Element("Credentials")!;
        return new ImmutableCredentials(
            credentials.Element("AccessKeyId")!.Value, credentials.Element("SecretAccessKey")!.Value, credentials.Element("SessionToken")!.Value);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }

    private QueryProtocol Query(AwsService service, string version, AWSCredentials credentials) =>
        new(_http, Settings(credentials), service, version);

    private async Task SetUnauthenticatedActionsAsync(string count, CancellationToken cancellationToken)
    {
        using var content = new StringContent(count);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var response = await _http.PostAsync(new Uri(Server.Endpoint, "moto-api/reset-auth"), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
