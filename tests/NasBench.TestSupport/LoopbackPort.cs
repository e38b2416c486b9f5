using System.Net;
using System.Net.Sockets;

namespace NasBench.TestSupport;

/// <summary>A loopback port nothing listens on: bound to port 0 (the OS picks a free one), then released. A server under
/// test listens there next; a client test uses it as a URL nothing answers.</summary>
public static class LoopbackPort
{
    /// <summary>A free port on 127.0.0.1.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
