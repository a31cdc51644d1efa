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

    /// <summary>The answer to <paramref name="request"/>, from the cache when it holds one.</summary>
    /// <param name="request">The validated request.</param>
    /// <param name="cancellationToken">The caller's token; a shared upstream call goes on while
    /// other callers wait for it.</param>
    /// <returns>The answer and how it was obtained.</returns>
    /// <exception cref="UpstreamException">The key or Alpha Vantage failed.</exception>
    public async Task<QuoteResult> GetAsync(QuoteRequest request, CancellationToken cancellationToken)
    {
        var fetched = false;
        var upstreamTime = TimeSpan.Zero;
        async ValueTask<QuoteAnswer> FetchTimedAsync(CancellationToken token)
        {
            fetched = true;
            var started = timeProvider.GetTimestamp();
            try
            {
                return await FetchAsync(request, token);
            }
            finally
            {
                upstreamTime = timeProvider.GetElapsedTime(started);
            }
        }

        if (cacheOptions.Value.Ttl == TimeSpan.Zero)
        {
            return new QuoteResult(await FetchTimedAsync(cancellationToken), CacheOutcome.Off, upstreamTime);
        }

        // HybridCache completes at once from memory; anything else waited on a call or on Redis.
        var pending = cache.GetOrCreateAsync(
            request.CacheKey, FetchTimedAsync, entryOptions, cancellationToken: cancellationToken);
        var waited = !pending.IsCompleted;
        var answer = await pending;
        var outcome = fetched ? CacheOutcome.Miss : waited ? CacheOutcome.Shared : CacheOutcome.Hit;
        return new QuoteResult(answer, outcome, upstreamTime);
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
