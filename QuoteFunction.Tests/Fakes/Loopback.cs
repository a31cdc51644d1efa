using System.Net;
using System.Net.Sockets;

namespace QuoteFunction.Tests.Fakes;

/// <summary>Ports on 127.0.0.1 for the processes the tests start.</summary>
public static class Loopback
{
    /// <summary>A port nothing listens on now, for a process to take.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something accepts connections on <paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
