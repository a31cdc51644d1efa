namespace QuoteFunction;

/// <summary>An answer and how it was obtained, for the request's log entry.</summary>
/// <param name="Answer">The answer, ready to write.</param>
/// <param name="FromCache">Whether no upstream call was made for this request.</param>
/// <param name="UpstreamTime">Time spent getting the key and calling Alpha Vantage; zero on a hit.</param>
public sealed record QuoteResult(QuoteAnswer Answer, bool FromCache, TimeSpan UpstreamTime);
