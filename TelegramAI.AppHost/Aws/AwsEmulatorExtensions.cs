using TelegramAI.Aws.Emulator;

namespace TelegramAI.AppHost.Aws;

public static class AwsEmulatorExtensions
{
    /// <summary>Names an emulator of the developer's own (LocalStack, say) instead of starting moto.</summary>
    public const string EndpointKey = "AWS_ENDPOINT_URL";

    private const string DefaultRegion = MotoServer.Region;

    /// <summary>
    /// moto (<c>moto_server</c>, which the machine image's Python ships) as an executable resource on a
    /// 127.0.0.1 port that DCP picks, healthy once <c>/moto-api/</c> answers; or, when
    /// <c>AWS_ENDPOINT_URL</c> is set, that endpoint as an external service, with the AppHost's own
    /// <c>AWS_REGION</c> and credential chain.
    /// </summary>
    public static AwsEmulator AddAwsEmulator(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        if (builder.Configuration[EndpointKey] is { Length: > 0 } given)
        {
            var uri = new Uri(given.TrimEnd('/') + "/");
            var external = builder.AddExternalService(name, uri);
            return new AwsEmulator(external, ReferenceExpression.Create($"{given.TrimEnd('/')}"), builder.Configuration["AWS_REGION"] ?? DefaultRegion, Credentials: null);
        }

        var moto = builder.AddExecutable(name, "moto_server", builder.AppHostDirectory)
            .WithHttpEndpoint(isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithHttpHealthCheck("/moto-api/")
            .WithIconName("Cloud");
        var http = moto.GetEndpoint("http");
        moto.WithArgs(context =>
        {
            context.Args.Add("-H");
            context.Args.Add("127.0.0.1");
            context.Args.Add("-p");
            context.Args.Add(http.Property(EndpointProperty.TargetPort));
        });

        return new AwsEmulator(
            moto,
            ReferenceExpression.Create($"http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"),
            DefaultRegion,
            (MotoServer.AccessKey, MotoServer.SecretKey));
    }
}
