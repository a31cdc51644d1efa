namespace QuoteFunction;

/// <summary>How the cache took part in answering a request, for its log entry.</summary>
public enum CacheOutcome
{
    /// <summary>Answered from the cache, or from an upstream call another request made.</summary>
    Hit,

    /// <summary>Not cached: this request called upstream.</summary>
    Miss,

    /// <summary>Caching is off (<c>Cache:Ttl</c> is zero).</summary>
    Off,
}
