using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace QuoteFunction.Caching;

/// <summary>
/// A shared cache that is only ever an optimisation: when Redis fails, a read is a miss and a
/// write is skipped, with at most one warning a minute, so callers are answered from memory and
/// Alpha Vantage as if no Redis were configured.
/// </summary>
internal sealed partial class FailSoftDistributedCache(
    IDistributedCache inner, TimeProvider timeProvider, ILogger<FailSoftDistributedCache> logger)
    : IDistributedCache, IDisposable
{
    private readonly OncePerInterval warnings = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <inheritdoc />
    public byte[]? Get(string key) => Try(() => inner.Get(key), null);

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        TryAsync(() => inner.GetAsync(key, token), null, token);

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        Try(() => { inner.Set(key, value, options); return true; }, false);

    /// <inheritdoc />
    public Task SetAsync(
        string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        TryAsync(
            async () =>
            {
                await inner.SetAsync(key, value, options, token);
                return true;
            },
            false,
            token);

    /// <inheritdoc />
    public void Refresh(string key) => Try(() => { inner.Refresh(key); return true; }, false);

    /// <inheritdoc />
    public Task RefreshAsync(string key, CancellationToken token = default) =>
        TryAsync(async () => { await inner.RefreshAsync(key, token); return true; }, false, token);

    /// <inheritdoc />
    public void Remove(string key) => Try(() => { inner.Remove(key); return true; }, false);

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default) =>
        TryAsync(async () => { await inner.RemoveAsync(key, token); return true; }, false, token);

    private T Try<T>(Func<T> operation, T fallback)
    {
        try
        {
            return operation();
        }
        catch (Exception exception) when (IsCacheFailure(exception, CancellationToken.None))
        {
            Warn(exception);
            return fallback;
        }
    }

    private async Task<T> TryAsync<T>(Func<Task<T>> operation, T fallback, CancellationToken token)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (IsCacheFailure(exception, token))
        {
            Warn(exception);
            return fallback;
        }
    }

    /// <inheritdoc />
    public void Dispose() => (inner as IDisposable)?.Dispose();

    private static bool IsCacheFailure(Exception exception, CancellationToken token) =>
        exception is RedisException or TimeoutException or ObjectDisposedException
        || exception is OperationCanceledException && !token.IsCancellationRequested;

    private void Warn(Exception exception)
    {
        if (warnings.TryPass())
        {
            LogRedisUnavailable(logger, exception.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message =
        "Redis is unavailable ({Error}): answering from memory and Alpha Vantage")]
    private static partial void LogRedisUnavailable(ILogger logger, string error);
}
