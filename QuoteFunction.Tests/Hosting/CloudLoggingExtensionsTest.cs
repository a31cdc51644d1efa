using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using QuoteFunction.Hosting;

namespace QuoteFunction.Tests.Hosting;

public sealed class CloudLoggingExtensionsTest
{
    [Fact]
    public void AddCloudLogging_OnGoogleCloud_LeavesOnlyTheJsonConsole()
    {
        using var services = BuildServices(onGoogleCloud: true);

        var provider = Assert.Single(services.GetServices<ILoggerProvider>());
        Assert.IsType<ConsoleLoggerProvider>(provider);
        var options = services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        Assert.Equal(CloudLoggingFormatter.FormatterName, options.FormatterName);
        Assert.Contains(
            services.GetServices<ConsoleFormatter>(), formatter => formatter is CloudLoggingFormatter);
    }

    [Fact]
    public void AddCloudLogging_OnGoogleCloud_KeepsOnlyKestrelErrors()
    {
        using var services = BuildServices(onGoogleCloud: true);

        var factory = services.GetRequiredService<ILoggerFactory>();
        var kestrel = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        var sockets = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets");
        var function = factory.CreateLogger("QuoteFunction.Function");
        Assert.False(kestrel.IsEnabled(LogLevel.Warning));
        Assert.True(kestrel.IsEnabled(LogLevel.Error));
        Assert.False(sockets.IsEnabled(LogLevel.Information));
        Assert.True(function.IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void AddCloudLogging_Locally_LeavesProvidersAsTheyWere()
    {
        using var services = BuildServices(onGoogleCloud: false);

        var providers = services.GetServices<ILoggerProvider>().ToList();
        Assert.Equal(2, providers.Count);
        Assert.Contains(providers, provider => provider is NullLoggerProvider);
        var options = services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        Assert.NotEqual(CloudLoggingFormatter.FormatterName, options.FormatterName);
        var factory = services.GetRequiredService<ILoggerFactory>();
        var kestrel = factory.CreateLogger(CloudLoggingExtensions.KestrelCategory);
        Assert.True(kestrel.IsEnabled(LogLevel.Warning));
    }

    private static ServiceProvider BuildServices(bool onGoogleCloud)
    {
        var settings = new Dictionary<string, string?>();
        if (onGoogleCloud)
        {
            settings[GoogleCloudEnvironment.ServiceVariable] = "quote";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Debug)
                .AddConsole()
                .AddProvider(NullLoggerProvider.Instance)
                .AddCloudLogging(configuration))
            .BuildServiceProvider();
    }
}
