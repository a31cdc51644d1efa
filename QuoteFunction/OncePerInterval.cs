namespace QuoteFunction;

/// <summary>
/// Lets one caller through per <paramref name="interval"/>: the first to arrive once the last
/// pass has aged that long. Lock-free, for paths any request may take.
/// </summary>
/// <param name="timeProvider">The clock.</param>
/// <param name="interval">The least time between two passes.</param>
internal sealed class OncePerInterval(TimeProvider timeProvider, TimeSpan interval)
{
    private long nextPassTicks;

    /// <summary>Whether this caller may pass; when it may, the next pass is an interval away.</summary>
    public bool TryPass()
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref nextPassTicks);
        return now >= next
            && Interlocked.CompareExchange(ref nextPassTicks, now + interval.Ticks, next) == next;
    }
}
