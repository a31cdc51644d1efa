using System.Collections.Concurrent;
using System.Diagnostics;

namespace QuoteFunction.Tests.Fakes;

/// <summary>
/// The function started as its own process, the way the Functions Framework runs it, with only
/// the environment a test gives it; its standard output and error are kept line by line.
/// </summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    // Variables of the test machine that would change the function's behaviour.
    private static readonly string[] ClearedPrefixes =
    [
        "K_", "GOOGLE_", "GCE_", "CLOUDSDK_", "AlphaVantage__", "SecretManager__", "Cache__", "ASPNETCORE_",
        "DOTNET_ENVIRONMENT", "Logging__", "PORT", "FUNCTION_TARGET",
    ];

    private readonly Process process;
    private readonly string home;

    private FunctionProcess(Process process, int port, string home)
    {
        this.process = process;
        this.home = home;
        Port = port;
        Client = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    /// <summary>Every line the process wrote to standard output or error.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>The lines the process wrote to standard output alone.</summary>
    public ConcurrentQueue<string> StandardOutput { get; } = new();

    public string AllOutput => string.Join('\n', Output);

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the function and waits until it accepts connections.</summary>
    public static Task<FunctionProcess> StartAsync(
        IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        StartAsync(Loopback.FreePort(), environment, args);

    /// <summary>
    /// Starts the function with <c>PORT</c> set to <paramref name="port"/> unless
    /// <paramref name="environment"/> says otherwise, and waits until <paramref name="port"/>
    /// accepts connections.
    /// </summary>
    public static async Task<FunctionProcess> StartAsync(
        int port, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var running = Launch(environment, port, args);
        await running.WaitUntilListeningAsync();
        return running;
    }

    /// <summary>Runs the function to its exit, for configurations that must stop start-up.</summary>
    public static async Task<FunctionProcess> RunToExitAsync(
        IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var running = Launch(environment, Loopback.FreePort(), args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await running.process.WaitForExitAsync(timeout.Token);
        return running;
    }

    /// <summary>Sends SIGTERM, as Cloud Run does before it stops an instance.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    /// <summary>Stops the function as Cloud Run does and waits, so that all its output is in.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            Terminate();
            await WaitForExitAsync(TimeSpan.FromSeconds(15));
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
    }

    private static FunctionProcess Launch(
        IReadOnlyDictionary<string, string?> environment, int port, string[] args)
    {
        var home = Directory.CreateTempSubdirectory("quote-function-home").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(RepositoryPaths.FunctionAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.ToList())
        {
            if (ClearedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(name);
            }
        }

        // No gcloud credentials or user secrets of the machine's user may leak into a test.
        start.Environment["HOME"] = home;
        start.Environment["PORT"] = port.ToString();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var running = new FunctionProcess(process, port, home);
        process.OutputDataReceived += (_, line) =>
        {
            running.Keep(line.Data);
            if (line.Data is not null)
            {
                running.StandardOutput.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) => running.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits until a line satisfying <paramref name="match"/> was written.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        return await Eventually.TrueAsync(() => Output.Any(match))
            ? Output.First(match)
            : throw new TimeoutException($"No such line in:\n{AllOutput}");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The function exited with {process.ExitCode}:\n{AllOutput}");
            }

            if (await Loopback.AcceptsConnectionsAsync(Port))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The function did not listen on {Port}:\n{AllOutput}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(home, recursive: true);
    }
}
