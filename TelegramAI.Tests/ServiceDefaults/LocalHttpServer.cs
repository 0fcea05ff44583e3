using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TelegramAI.Tests.ServiceDefaults;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port that answers with <c>handle</c>.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalHttpServer(WebApplication app) => this.app = app;

    public Uri BaseAddress => new(app.Urls.Single());

    public static async Task<LocalHttpServer> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new LocalHttpServer(app);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
