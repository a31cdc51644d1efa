using System.Diagnostics;
using StackExchange.Redis;

namespace QuoteFunction.Tests.Fakes;

/// <summary>
/// A real redis-server (Debian's package, installed by .ci/run) on 127.0.0.1 and a free port,
/// owned by one test so that it can be stopped mid-run.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value for <c>Cache__Redis</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var port = Loopback.FreePort();

        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList =
            {
                "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            },
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)
            ?? throw new InvalidOperationException("redis-server did not start; .ci/run installs it.");
        process.BeginOutputReadLine();
        var server = new RedisServer(process, port);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>
    /// Waits until Redis holds <paramref name="count"/> keys, ten seconds at most: HybridCache
    /// may finish writing its second level after the answer has gone out.
    /// </summary>
    public async Task WaitForKeysAsync(int count)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Endpoint);
        var server = connection.GetServer(Endpoint);
        await Eventually.TrueAsync(async () => await server.DatabaseSizeAsync() >= count);
        Assert.True(await server.DatabaseSizeAsync() >= count, "the answer never reached Redis");
    }

    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await Loopback.AcceptsConnectionsAsync(Port))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not listen on {Port}.");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }
}
