namespace QuoteFunction;

/// <summary>An answer and how it was obtained, for the request's log entry.</summary>
/// <param name="Answer">The answer, ready to write.</param>
/// <param name="Cache">Whether the cache answered.</param>
/// <param name="UpstreamTime">Time spent getting the key and calling Alpha Vantage; zero on a hit.</param>
public sealed record QuoteResult(QuoteAnswer Answer, CacheOutcome Cache, TimeSpan UpstreamTime);
