using System.Net;
using System.Net.Sockets;

namespace NasBench.Web.Tests.Security;

/// <summary>HTTP clients whose connections come from a chosen loopback address: every 127.x.y.z is this machine, so the
/// server sees distinct client addresses (what the sign-in throttle and the trusted-proxy list key on) without a network.</summary>
internal static class LoopbackClient
{
    /// <summary>A client of <paramref name="server"/> connecting from <paramref name="address"/>; cookies are not kept
    /// (callers read Set-Cookie themselves) and redirects are not followed.</summary>
    public static HttpClient From(Uri server, string address)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
    }
}
