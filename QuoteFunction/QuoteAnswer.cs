using System.ComponentModel;

namespace QuoteFunction;

/// <summary>
/// An answer ready to write: the JSON body as bytes, so a cache hit costs no JSON work. Marked
/// immutable so that HybridCache hands out the cached instance instead of a copy.
/// </summary>
/// <param name="Body">The UTF-8 JSON body, <c>{"data": ..., "meta": ...}</c>; never modified.</param>
/// <param name="LatestBarTime">The newest bar's timestamp (US/Eastern), when there is a bar and it
/// is a timestamp.</param>
/// <param name="LatestClose">The newest bar's close, as Alpha Vantage wrote it, when it is a
/// number.</param>
[ImmutableObject(true)]
public sealed record QuoteAnswer(byte[] Body, string? LatestBarTime, string? LatestClose);
