using System.Net;
using System.Net.Sockets;
using System.Text;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.EndToEnd;

/// <summary>
/// The function as a process, spoken to over raw TCP: what HttpClient will not send, such as a
/// lower-case method, a body that trickles in, or a connection reset halfway through a body.
/// </summary>
public sealed class RawConnectionTest : IAsyncLifetime
{
    private CloudStandIns standIns = null!;

    public async Task InitializeAsync() => standIns = await CloudStandIns.StartAsync();

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Fact]
    public async Task Post_MethodInLowerCase_Answers405BecauseMethodsAreCaseSensitive()
    {
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());
        using var socket = await ConnectAsync(function);

        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "post /?symbol=IBM HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        var answer = await ReadUntilClosedAsync(socket, CancellationToken.None);

        Assert.StartsWith("HTTP/1.1 405", answer);
        Assert.Contains("Allow: POST", answer);
        Assert.Equal(0, standIns.AlphaVantage.Calls);
    }

    [Theory]
    [InlineData("Content-Length: 100")]
    [InlineData("Transfer-Encoding: chunked")]
    public async Task Post_CallerResetsConnectionMidBody_Logs499WithoutError(string framing)
    {
        const int Callers = 5;
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        for (var caller = 0; caller < Callers; caller++)
        {
            using var socket = await ConnectAsync(function);
            var head = $"POST /?symbol=IBM HTTP/1.1\r\nHost: 127.0.0.1\r\n{framing}\r\n\r\n";
            var partBody = framing.StartsWith("Content", StringComparison.Ordinal)
                ? "{\"symbol\": "
                : "c\r\n{\"symbol\": ";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head + partBody));
            await Task.Delay(300);

            // A zero linger time makes Close send a reset rather than a graceful FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        static bool IsEntry(string line) => line.Contains("POST rejected: 499");
        await Eventually.TrueAsync(() => function.Output.Count(IsEntry) == Callers);
        await function.StopAsync();
        var entries = function.Output.Where(IsEntry).ToList();
        Assert.Equal(Callers, entries.Count);
        Assert.All(entries, entry => Assert.Contains("\"severity\":\"INFO\"", entry));
        Assert.DoesNotContain("\"severity\":\"ERROR\"", function.AllOutput);
        Assert.DoesNotContain("\"severity\":\"WARNING\"", function.AllOutput);
        Assert.DoesNotContain("Exception", function.AllOutput);
    }

    [Fact]
    public async Task Post_BodyTricklesIn_Answers408InPlainWords()
    {
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());
        using var socket = await ConnectAsync(function);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // Kestrel wants 240 bytes a second once 5 seconds have passed; send 1 byte a second.
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /?symbol=IBM HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"));
        var reading = ReadUntilClosedAsync(socket, deadline.Token);
        while (!reading.IsCompleted)
        {
            try
            {
                await socket.SendAsync("{"u8.ToArray());
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(1000));
        }

        var answer = await reading;
        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("application/problem+json", answer);
        Assert.Contains("The body arrived too slowly", answer);
        Assert.DoesNotContain("MinRequestBodyDataRate", answer);
    }

    private static async Task<Socket> ConnectAsync(FunctionProcess function)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, function.Port);
        return socket;
    }

    private static async Task<string> ReadUntilClosedAsync(Socket socket, CancellationToken cancellationToken)
    {
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cancellationToken)) > 0)
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }
}
