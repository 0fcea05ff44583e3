using System.Net;
using System.Net.Sockets;

namespace TelegramAI.Aws.Emulator;

/// <summary>Ports for local servers: the emulator, the AppHost's services, tests and benchmarks.</summary>
public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 right now (the system picks it; a server started next takes it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
