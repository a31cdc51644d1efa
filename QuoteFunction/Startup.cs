using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using QuoteFunction.AlphaVantage;
using QuoteFunction.Caching;
using QuoteFunction.Hosting;
using QuoteFunction.Secrets;

[assembly: FunctionsStartup(typeof(QuoteFunction.Startup))]

namespace QuoteFunction;

/// <summary>
/// Registers the function's services: options validated at start, the key read lazily once per
/// instance, the HTTP clients, the cache.
/// </summary>
public sealed class Startup : FunctionsStartup
{
    // Secret Manager and the metadata server fail transiently (429, 503): a few quick retries
    // heal most outages while the caller still waits, and the bound keeps a cold start short.
    private const int GoogleRetries = 3;
    private static readonly TimeSpan GoogleRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan GoogleAttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan GoogleTotalTimeout = TimeSpan.FromSeconds(8);

    // Far beyond a full month of 1-minute bars; a larger body is not a series.
    private const long MaxUpstreamBodyBytes = 64L * 1024 * 1024;

    /// <inheritdoc />
    public override void ConfigureServices(WebHostBuilderContext context, IServiceCollection services)
    {
        AddOptions<AlphaVantageOptions, AlphaVantageOptions.Validator>(
            services, AlphaVantageOptions.SectionName);
        AddOptions<SecretManagerOptions, SecretManagerOptions.Validator>(
                services, SecretManagerOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.ProjectId = FirstSet(options.ProjectId, configuration["GOOGLE_CLOUD_PROJECT"]));
        AddOptions<CacheOptions, CacheOptions.Validator>(services, CacheOptions.SectionName);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IAccessTokenSource, ApplicationDefaultTokenSource>();
        services.AddSingleton<IProjectIdResolver, ProjectIdResolver>();
        services.AddSingleton<SecretManagerClient>();
        services.AddSingleton<ApiKeyProvider>();
        services.AddSingleton<AlphaVantageClient>();
        services.AddSingleton<ThrottleGate>();
        services.AddSingleton<QuoteService>();
        services.AddHybridCache(options => options.MaximumPayloadBytes = MaxUpstreamBodyBytes)
            .AddSerializer<QuoteAnswer, QuoteAnswerSerializer>();

        // HybridCache takes an IDistributedCache if one resolves: null, when no Redis is
        // configured, keeps answers in memory only. Decided on first use, once all configuration
        // is in.
        services.AddSingleton<IDistributedCache>(provider => RedisSecondLevelCache.Create(provider)!);

        AddGoogleClient(services, SecretManagerClient.HttpClientName);
        AddGoogleClient(services, ProjectIdResolver.HttpClientName);
        services.AddHttpClient(AlphaVantageClient.HttpClientName, (provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<AlphaVantageOptions>>().Value.Timeout;
                client.MaxResponseContentBufferSize = MaxUpstreamBodyBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .RemoveAllLoggers();
    }

    private static OptionsBuilder<TOptions> AddOptions<TOptions, TValidator>(
        IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }

    private static void AddGoogleClient(IServiceCollection services, string name) =>
        services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddResilienceHandler("google", pipeline => pipeline
                .AddTimeout(GoogleTotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = GoogleRetries,
                    Delay = GoogleRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = false,
                })
                .AddTimeout(GoogleAttemptTimeout));

    // None of the upstreams redirects; following one could fetch an answer from another host.
    private static HttpMessageHandler NoRedirects() => new SocketsHttpHandler { AllowAutoRedirect = false };

    private static string? FirstSet(params string?[] values) =>
        values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
