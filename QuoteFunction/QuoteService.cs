using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using QuoteFunction.AlphaVantage;
using QuoteFunction.Caching;
using QuoteFunction.Secrets;

namespace QuoteFunction;

/// <summary>
/// Answers validated requests: from the cache, else from Alpha Vantage with this instance's key.
/// Concurrent identical requests share one upstream call; failures are not cached.
/// </summary>
public sealed class QuoteService(
    HybridCache cache,
    IOptions<CacheOptions> cacheOptions,
    ApiKeyProvider apiKeyProvider,
    AlphaVantageClient alphaVantage,
    ThrottleGate throttleGate,
    TimeProvider timeProvider)
{
    private readonly HybridCacheEntryOptions entryOptions = new()
    {
        Expiration = cacheOptions.Value.Ttl,
        LocalCacheExpiration = cacheOptions.Value.Ttl,
    };

    /// <summary>The answer to <paramref name="fetch"/>'s request, from the cache when it holds one.</summary>
    /// <param name="fetch">The request; how it was answered is recorded in it, also on failure.</param>
    /// <param name="cancellationToken">The caller's token; a shared upstream call goes on while
    /// other callers wait for it.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="UpstreamException">The key or Alpha Vantage failed.</exception>
    public async Task<QuoteAnswer> GetAsync(QuoteFetch fetch, CancellationToken cancellationToken)
    {
        if (cacheOptions.Value.Ttl == TimeSpan.Zero)
        {
            fetch.Cache = CacheOutcome.Off;
            return await FetchTimedAsync(fetch, cancellationToken);
        }

        var pending = cache.GetOrCreateAsync(
            fetch.Request.CacheKey,
            (Service: this, Fetch: fetch),
            static (state, token) =>
            {
                state.Fetch.Cache = CacheOutcome.Miss;
                return state.Service.FetchTimedAsync(state.Fetch, token);
            },
            entryOptions,
            cancellationToken: cancellationToken);

        // HybridCache completes at once from memory; anything else waited on a call or on Redis.
        var waited = !pending.IsCompleted;
        try
        {
            return await pending;
        }
        finally
        {
            if (!fetch.CalledUpstream)
            {
                fetch.Cache = waited ? CacheOutcome.Shared : CacheOutcome.Hit;
            }
        }
    }

    private async ValueTask<QuoteAnswer> FetchTimedAsync(
        QuoteFetch fetch, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            return await FetchAsync(fetch.Request, cancellationToken);
        }
        finally
        {
            fetch.UpstreamTime = timeProvider.GetElapsedTime(started);
        }
    }

    private async Task<QuoteAnswer> FetchAsync(QuoteRequest request, CancellationToken cancellationToken)
    {
        throttleGate.ThrowIfClosed();
        var key = await apiKeyProvider.GetAsync(cancellationToken);

        try
        {
            return await CallAsync(request, key, cancellationToken);
        }
        catch (UpstreamException exception) when (exception.Fault == UpstreamFault.KeyRejected
            && apiKeyProvider.FromSecretManager)
        {
            // The secret may have a new version since this instance read it: read it once more.
            var freshKey = await apiKeyProvider.RefreshAsync(key, cancellationToken);
            if (freshKey == key)
            {
                throw;
            }

            return await CallAsync(request, freshKey, cancellationToken);
        }
    }

    private async Task<QuoteAnswer> CallAsync(
        QuoteRequest request, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await alphaVantage.GetIntradayAsync(request, key, cancellationToken);
        }
        catch (UpstreamException exception)
            when (exception is { Fault: UpstreamFault.Throttled, RetryAfter: { } window })
        {
            throttleGate.Close(window);
            throw;
        }
    }
}
