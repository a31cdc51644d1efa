namespace QuoteFunction.Tests.Fakes;

/// <summary>
/// Waits for what happens after an answer has gone out, such as a log entry, a cache write or an
/// abandoned upstream call: the condition is polled for ten seconds at most.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether <paramref name="condition"/> became true in time.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(Pause);
        }

        return true;
    }

    /// <summary>Whether <paramref name="condition"/> became true in time.</summary>
    public static Task<bool> TrueAsync(Func<bool> condition) => TrueAsync(() => Task.FromResult(condition()));
}
