using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuoteFunction.Hosting;

/// <summary>
/// Customizes the host of a function, in the shape of the Functions Framework's
/// <c>Google.Cloud.Functions.Hosting.FunctionsStartup</c>. Derived classes are found through
/// <see cref="FunctionsStartupAttribute"/> on the function's assembly and must have a
/// parameterless constructor.
/// </summary>
public abstract class FunctionsStartup
{
    /// <summary>Adds configuration sources before the host reads its settings.</summary>
    /// <param name="context">The host's environment and configuration so far.</param>
    /// <param name="configuration">The builder to add sources to.</param>
    public virtual void ConfigureAppConfiguration(
        WebHostBuilderContext context, IConfigurationBuilder configuration)
    {
    }

    /// <summary>Registers the services the function depends on.</summary>
    /// <param name="context">The host's environment and configuration.</param>
    /// <param name="services">The service collection of the host.</param>
    public virtual void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
    }

    /// <summary>Configures logging providers and filters.</summary>
    /// <param name="context">The host's environment and configuration.</param>
    /// <param name="logging">The logging builder of the host.</param>
    public virtual void ConfigureLogging(WebHostBuilderContext context, ILoggingBuilder logging)
    {
    }

    /// <summary>Adds middleware that runs before the function.</summary>
    /// <param name="context">The host's environment and configuration.</param>
    /// <param name="app">The request pipeline; the function is added after this returns.</param>
    public virtual void Configure(WebHostBuilderContext context, IApplicationBuilder app)
    {
    }
}
