using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace QuoteFunction.Caching;

/// <summary>
/// Makes the Redis cache that HybridCache uses as its shared second level when
/// <c>Cache:Redis</c> is set.
/// </summary>
internal static class RedisSecondLevelCache
{
    // A cache that is down must cost a request little: fail fast instead of queueing commands
    // while the connection is away, and give up on a slow Redis well before the caller would.
    private const int TimeoutMilliseconds = 500;

    /// <summary>The Redis cache, or null when no Redis endpoint is configured.</summary>
    public static IDistributedCache? Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CacheOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return null;
        }

        var redis = new RedisCache(Options.Create(new RedisCacheOptions
        {
            ConfigurationOptions = Configuration(options.Redis),
            InstanceName = "quote-function:",
        }));
        return new FailSoftDistributedCache(
            redis,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<FailSoftDistributedCache>>());
    }

    /// <summary>Client options for <paramref name="endpoint"/>, tuned for a cache that may be away.</summary>
    /// <exception cref="ArgumentException">The endpoint cannot be parsed.</exception>
    public static ConfigurationOptions Configuration(string endpoint)
    {
        var configuration = ConfigurationOptions.Parse(endpoint);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = TimeoutMilliseconds;
        configuration.AsyncTimeout = TimeoutMilliseconds;
        configuration.SyncTimeout = TimeoutMilliseconds;
        configuration.ConnectRetry = 1;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }
}
