namespace QuoteFunction;

/// <summary>
/// One request's question and what answering it took, for its log entry. The service fills it
/// in whether it answers or throws.
/// </summary>
/// <param name="request">The validated request.</param>
public sealed class QuoteFetch(QuoteRequest request)
{
    /// <summary>The validated request.</summary>
    public QuoteRequest Request { get; } = request;

    /// <summary>How the cache took part.</summary>
    public CacheOutcome Cache { get; internal set; } = CacheOutcome.Hit;

    /// <summary>
    /// Time this request spent getting the key and calling Alpha Vantage itself; zero when another
    /// request or the cache answered it.
    /// </summary>
    public TimeSpan UpstreamTime { get; internal set; }

    /// <summary>Whether this request asked Alpha Vantage, or found its throttle window closed.</summary>
    public bool CalledUpstream => Cache is CacheOutcome.Miss or CacheOutcome.Off;
}
