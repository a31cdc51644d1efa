namespace QuoteFunction;

/// <summary>How the cache took part in answering a request, for its log entry.</summary>
public enum CacheOutcome
{
    /// <summary>Answered from this instance's memory at once.</summary>
    Hit,

    /// <summary>
    /// Answered without an upstream call of its own, after waiting: on the call another request
    /// made for the same question, or on Redis.
    /// </summary>
    Shared,

    /// <summary>Not cached: this request called upstream.</summary>
    Miss,

    /// <summary>Caching is off (<c>Cache:Ttl</c> is zero).</summary>
    Off,
}
