using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QuoteFunction.Hosting;

/// <summary>
/// Builds the web host of a function the way the Functions Framework does: configuration from
/// appsettings.json, environment variables and the command line; the startups named by
/// <see cref="FunctionsStartupAttribute"/>; the function chosen by <c>FUNCTION_TARGET</c>;
/// Kestrel on <c>PORT</c>; every path and method handed to the function.
/// </summary>
public static class FunctionHost
{
    /// <summary>The port used when neither <c>PORT</c> nor <c>--port</c> is given.</summary>
    public const int DefaultPort = 8080;

    /// <summary>Configuration key of the port to listen on.</summary>
    public const string PortKey = "PORT";

    /// <summary>Configuration key of the function's type name.</summary>
    public const string TargetKey = "FUNCTION_TARGET";

    // Cloud Run sends SIGTERM and kills the instance 10 seconds later.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(9);

    private static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--port"] = PortKey,
        ["--target"] = TargetKey,
    };

    /// <summary>Builds the host; it is not started.</summary>
    /// <param name="functionAssembly">The assembly holding the function and its startups.</param>
    /// <param name="args">Command-line arguments: <c>--port</c>, <c>--target</c>, and any
    /// configuration key as <c>--Section:Key value</c>.</param>
    /// <param name="configure">Runs after the startups have registered their services and
    /// before the host is built; tests use it to swap the server or add configuration.</param>
    /// <returns>The host, with its pipeline ending in the function.</returns>
    /// <exception cref="InvalidOperationException">The port or the target is invalid; the
    /// message names the value.</exception>
    public static WebApplication Build(
        Assembly functionAssembly, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(functionAssembly);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        var context = new WebHostBuilderContext
        {
            Configuration = builder.Configuration,
            HostingEnvironment = builder.Environment,
        };

        var functionType = FunctionTarget.Resolve(functionAssembly, builder.Configuration[TargetKey]);
        var startups = FunctionTarget.FindStartups(functionAssembly, functionType);
        foreach (var startup in startups)
        {
            startup.ConfigureAppConfiguration(context, builder.Configuration);
        }

        builder.Logging.AddCloudLogging(builder.Configuration);
        foreach (var startup in startups)
        {
            startup.ConfigureLogging(context, builder.Logging);
            startup.ConfigureServices(context, builder.Services);
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddScoped(typeof(IHttpFunction), functionType);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        configure?.Invoke(builder);

        var port = ParsePort(builder.Configuration[PortKey]);
        // A container's port is published from outside it, so loopback would be unreachable.
        var listenOnAllInterfaces = builder.Configuration.IsGoogleCloud()
            || builder.Configuration["DOTNET_RUNNING_IN_CONTAINER"] == "true";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (listenOnAllInterfaces)
            {
                kestrel.Listen(IPAddress.Any, port);
            }
            else
            {
                kestrel.ListenLocalhost(port);
            }
        });

        var app = builder.Build();
        app.UseCloudTraceContext();
        app.UseExceptionHandler();
        foreach (var startup in startups)
        {
            startup.Configure(context, app);
        }

        app.Run(HandleAsync);
        return app;
    }

    private static Task HandleAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<IHttpFunction>().HandleAsync(context);

    internal static int ParsePort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultPort;
        }

        if (!int.TryParse(value, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException(
                $"PORT must be a whole number from 1 to 65535; got '{value}'.");
        }

        return port;
    }
}
