namespace QuoteFunction.Secrets;

/// <summary>
/// A value loaded on first use and then kept, where concurrent first callers share one load and a
/// failed load is forgotten so that the next caller tries again. <see cref="Lazy{T}"/> would
/// remember the failure for the life of the instance.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="load">Loads the value. It is not given the callers' tokens: one caller going away
/// must not fail the load that others wait for, so it bounds its own time.</param>
internal sealed class RetryableLazy<T>(Func<Task<T>> load)
{
    private readonly Lock gate = new();
    private Task<T>? current;

    /// <summary>The value, loading it if no load has succeeded or is under way.</summary>
    public Task<T> GetAsync(CancellationToken cancellationToken)
    {
        var task = Volatile.Read(ref current);
        if (task is { IsCompletedSuccessfully: true })
        {
            return task;
        }

        lock (gate)
        {
            if (current is null || current.IsFaulted || current.IsCanceled)
            {
                // Started on the thread pool: a load runs synchronously up to its first await,
                // which must not happen while the lock is held.
                current = Task.Run(load);
            }

            task = current;
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets the value if it still equals <paramref name="stale"/>, so the next call loads it
    /// afresh; callers that saw the same stale value share that one new load.
    /// </summary>
    public void Forget(T stale)
    {
        lock (gate)
        {
            if (current is { IsCompletedSuccessfully: true }
                && EqualityComparer<T>.Default.Equals(current.Result, stale))
            {
                current = null;
            }
        }
    }
}
