namespace QuoteFunction.AlphaVantage;

/// <summary>
/// Remembers until when Alpha Vantage throttles this instance's key. Calling a throttled key
/// again only extends the penalty, so callers are answered 429 here until the window ends.
/// </summary>
public sealed class ThrottleGate(TimeProvider timeProvider)
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    private long closedUntilTicks;

    /// <summary>Throws while the window of the last throttling answer lasts.</summary>
    /// <exception cref="UpstreamException">Alpha Vantage is still throttling the key.</exception>
    public void ThrowIfClosed()
    {
        var remaining = new DateTimeOffset(Interlocked.Read(ref closedUntilTicks), TimeSpan.Zero)
            - timeProvider.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            throw new UpstreamException(
                UpstreamFault.Throttled,
                "Alpha Vantage is throttling the key; not calling it until the window ends.",
                remaining);
        }
    }

    /// <summary>Closes the gate for <paramref name="window"/> from now, a day at the most.</summary>
    public void Close(TimeSpan window)
    {
        // Alpha Vantage's longest limit is daily; a longer window can only be a bad header.
        var until = (timeProvider.GetUtcNow() + (window < MaxWindow ? window : MaxWindow)).UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref closedUntilTicks);
        }
        while (until > seen && Interlocked.CompareExchange(ref closedUntilTicks, until, seen) != seen);
    }
}
