namespace TelegramAI.Contracts.Configuration;

/// <summary>
/// Where each service's <c>/health</c> and <c>/alive</c> listen on 127.0.0.1 when neither
/// <c>ASPNETCORE_URLS</c> nor <c>HTTP_PORTS</c> is set: one port each, so the services run side by side
/// as bare processes on one host (a developer's machine against real AWS, or one VM for the Bot and the
/// MetricSender). Containers and the AppHost set the address themselves.
/// </summary>
public static class DefaultHealthPorts
{
    public const int Bot = 8080;
    public const int Worker = 8081;
    public const int MetricSender = 8082;
}
