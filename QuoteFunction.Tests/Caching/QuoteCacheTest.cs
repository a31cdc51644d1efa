using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Caching;

/// <summary>Answers reused per question, within an instance and across instances through Redis.</summary>
public sealed class QuoteCacheTest : IAsyncLifetime
{
    private CloudStandIns standIns = null!;

    public async Task InitializeAsync() => standIns = await CloudStandIns.StartAsync();

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Fact]
    public async Task Post_ManyConcurrentIdenticalRequestsOnColdHost_MakesOneUpstreamCall()
    {
        standIns.AlphaVantage.Delay = TimeSpan.FromMilliseconds(200);
        await using var host = await standIns.StartHostAsync();

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 200).Select(_ => host.Client.PostAsync("?symbol=IBM", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, standIns.AlphaVantage.Calls);
        Assert.Equal(1, standIns.Secrets.AccessRequests);

        // The one that called upstream is the miss; those that waited on it are not hits.
        var burst = (await host.Logs.WaitForAsync(entry => entry.EventId == 1, 200))
            .Select(entry => entry.Values["Cache"]).ToList();
        Assert.Equal(200, burst.Count);
        Assert.Equal(1, burst.Count(cache => cache == "miss"));
        Assert.InRange(burst.Count(cache => cache == "shared"), 100, 199);
        using var later = await host.Client.PostAsync("?symbol=IBM", null);
        var entries = await host.Logs.WaitForAsync(entry => entry.EventId == 1, 201);
        Assert.Equal("hit", entries[^1].Values["Cache"]);
    }

    [Fact]
    public async Task Post_ConcurrentIdenticalRequestsShareAFailure_OneCallLogsItsCause()
    {
        // Long enough for all twenty to join the call even on a busy machine: HybridCache keeps
        // no failure, so a latecomer would make a second call.
        standIns.AlphaVantage.Delay = TimeSpan.FromSeconds(2);
        standIns.AlphaVantage.RespondWith("{}", 500);
        await using var host = await standIns.StartHostAsync();

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(_ => host.Client.PostAsync("?symbol=IBM", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode));
        Assert.Equal(1, standIns.AlphaVantage.Calls);
        var entries = await host.Logs.WaitForAsync(entry => entry.EventId == 1, 20);
        var miss = Assert.Single(entries, entry => entry.Values["Cache"] == "miss");
        Assert.InRange(long.Parse(miss.Values["UpstreamMs"]!, CultureInfo.InvariantCulture), 2_000, 10_000);
        Assert.All(
            entries.Where(entry => entry != miss),
            entry => Assert.Equal(("shared", "0"), (entry.Values["Cache"], entry.Values["UpstreamMs"])));
        Assert.Single(
            host.Logs.Entries, entry => entry is { Category: "QuoteFunction.Function", EventId: 2 });
    }

    [Fact]
    public async Task Post_DifferentQuestions_AreCachedApart()
    {
        await using var host = await standIns.StartHostAsync();

        foreach (var query in new[]
        {
            "?symbol=IBM", "?symbol=IBM&interval=5min", "?symbol=IBM&outputsize=full", "?symbol=ibm"
        })
        {
            using var response = await host.Client.PostAsync(query, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, standIns.AlphaVantage.Calls);
    }

    [Fact]
    public async Task Post_TtlZero_CallsUpstreamEveryTime()
    {
        await using var host = await standIns.StartHostAsync(("Cache:Ttl", "00:00:00"));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await host.Client.PostAsync("?symbol=IBM", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, standIns.AlphaVantage.Calls);
    }

    [Fact]
    public async Task Post_UpstreamError_IsNotCached()
    {
        await using var host = await standIns.StartHostAsync();
        standIns.AlphaVantage.RespondWith("<html>bad gateway</html>", 200, "text/html");

        using var failed = await host.Client.PostAsync("?symbol=IBM", null);
        standIns.AlphaVantage.Respond = null;
        using var healed = await host.Client.PostAsync("?symbol=IBM", null);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healed.StatusCode);
        Assert.Equal(2, standIns.AlphaVantage.Calls);
    }

    [Fact]
    public async Task Post_TwoHostsOnOneRedis_SecondAnswersWithoutUpstreamCall()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var first = await standIns.StartHostAsync(("Cache:Redis", redis.Endpoint));
        await using var second = await standIns.StartHostAsync(("Cache:Redis", redis.Endpoint));

        using var fromUpstream = await first.Client.PostAsync("?symbol=MSFT&interval=30min", null);
        await redis.WaitForKeysAsync(1);
        using var fromRedis = await second.Client.PostAsync("?symbol=MSFT&interval=30min", null);

        Assert.Equal(HttpStatusCode.OK, fromRedis.StatusCode);
        Assert.Equal(
            await fromUpstream.Content.ReadAsStringAsync(), await fromRedis.Content.ReadAsStringAsync());
        Assert.Equal(1, standIns.AlphaVantage.Calls);
        var entry = Assert.Single(await second.Logs.WaitForAsync(entry => entry.EventId == 1, 1));
        Assert.Equal("shared", entry.Values["Cache"]);
    }

    [Fact]
    public async Task Post_RedisStoppedMidRun_CallersStillAnswered()
    {
        var redis = await RedisServer.StartAsync();
        await using var host = await standIns.StartHostAsync(("Cache:Redis", redis.Endpoint));
        using var before = await host.Client.PostAsync("?symbol=IBM", null);

        await redis.DisposeAsync();
        var after = await Task.WhenAll(new[] { "IBM", "MSFT", "GOOG" }.Select(symbol =>
            host.Client.PostAsync($"?symbol={symbol}", null)));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.All(after, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Post_RedisNeverReachable_CallersAnsweredWithOneWarning()
    {
        await using var redis = await RedisServer.StartAsync();
        var endpoint = redis.Endpoint;
        await redis.StopAsync();
        await using var host = await standIns.StartHostAsync(("Cache:Redis", endpoint));

        var responses = await Task.WhenAll(new[] { "IBM", "MSFT", "GOOG", "IBM" }.Select(symbol =>
            host.Client.PostAsync($"?symbol={symbol}", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));

        // HybridCache writes the second level after answering, so the warning can trail the answers.
        static bool IsWarning(CapturedEntry entry) => entry.EventId == 201 && entry.Level == LogLevel.Warning;
        await host.Logs.WaitForAsync(IsWarning, 1);
        Assert.Single(host.Logs.Entries, IsWarning);
        Assert.DoesNotContain(host.Logs.Entries, entry => entry.Level >= LogLevel.Error);
    }
}
