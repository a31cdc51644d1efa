using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteFunction.Hosting;

namespace QuoteFunction.Tests.Fakes;

/// <summary>The function in its real host, served in memory by TestServer.</summary>
public sealed class FunctionTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private FunctionTestHost(WebApplication app, CapturingLoggerProvider logs)
    {
        this.app = app;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<FunctionTestHost> StartAsync(
        IReadOnlyDictionary<string, string?> configuration,
        Action<IServiceCollection>? services = null,
        LogLevel minimumLevel = LogLevel.Information)
    {
        var logs = new CapturingLoggerProvider();
        var app = FunctionHost.Build(typeof(Function).Assembly, [], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(minimumLevel);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new FunctionTestHost(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
