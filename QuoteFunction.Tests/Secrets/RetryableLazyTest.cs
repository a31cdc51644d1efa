using QuoteFunction.Secrets;

namespace QuoteFunction.Tests.Secrets;

public sealed class RetryableLazyTest
{
    [Fact]
    public async Task GetAsync_ManyConcurrentFirstCallers_ShareOneLoad()
    {
        var loads = 0;
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lazy = new RetryableLazy<string>(() =>
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        });

        var waiting = 0;
        var callers = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() =>
            {
                var value = lazy.GetAsync(CancellationToken.None);
                Interlocked.Increment(ref waiting);
                return value;
            }))
            .ToList();
        SpinWait.SpinUntil(() => Volatile.Read(ref waiting) == 100, TimeSpan.FromSeconds(10));
        release.SetResult("value");
        var values = await Task.WhenAll(callers);

        Assert.Equal(1, loads);
        Assert.All(values, value => Assert.Equal("value", value));
    }

    [Fact]
    public async Task GetAsync_AfterFailedLoad_LoadsAgain()
    {
        var loads = 0;
        var lazy = new RetryableLazy<string>(async () =>
        {
            await Task.Yield();
            return ++loads == 1 ? throw new InvalidOperationException("first read fails") : "value";
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => lazy.GetAsync(CancellationToken.None));
        var value = await lazy.GetAsync(CancellationToken.None);
        var again = await lazy.GetAsync(CancellationToken.None);

        Assert.Equal("value", value);
        Assert.Equal("value", again);
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task GetAsync_OneCallerCancels_LoadGoesOnForOthers()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lazy = new RetryableLazy<string>(() => release.Task);
        using var impatient = new CancellationTokenSource();

        var cancelled = lazy.GetAsync(impatient.Token);
        var patient = lazy.GetAsync(CancellationToken.None);
        impatient.Cancel();
        release.SetResult("value");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal("value", await patient);
    }

    [Fact]
    public async Task Forget_StaleValue_NextCallLoadsAFreshOne()
    {
        var loads = 0;
        var lazy = new RetryableLazy<string>(() => Task.FromResult($"value{++loads}"));
        var stale = await lazy.GetAsync(CancellationToken.None);

        lazy.Forget(stale);
        var fresh = await lazy.GetAsync(CancellationToken.None);
        lazy.Forget(stale);
        var kept = await lazy.GetAsync(CancellationToken.None);

        Assert.Equal("value1", stale);
        Assert.Equal("value2", fresh);
        Assert.Equal("value2", kept);
    }
}
