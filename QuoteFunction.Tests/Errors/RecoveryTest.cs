using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Errors;

/// <summary>Failures that heal: outages, rotated keys, throttling windows.</summary>
public sealed class RecoveryTest : IAsyncLifetime
{
    private CloudStandIns standIns = null!;

    public async Task InitializeAsync() => standIns = await CloudStandIns.StartAsync();

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Fact]
    public async Task Post_SecretManagerFailsTwiceThenAnswers_RetriesWithinTheRequest()
    {
        standIns.Secrets.TransientFailures = 2;
        await using var host = await standIns.StartHostAsync();

        using var response = await host.Client.PostAsync("?symbol=IBM", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, standIns.Secrets.AccessRequests);
    }

    [Fact]
    public async Task Post_SecretManagerOutageEnds_NextRequestHealsWithoutRestart()
    {
        standIns.Secrets.TransientFailures = 1000;
        await using var host = await standIns.StartHostAsync();
        using var during = await host.Client.PostAsync("?symbol=IBM", null);

        standIns.Secrets.TransientFailures = 0;
        using var after = await host.Client.PostAsync("?symbol=IBM", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Post_KeyRotatedAfterFirstRead_ReadsSecretAgainAndRetriesOnce()
    {
        standIns.Secrets.Payload = "OLDKEY";
        await using var host = await standIns.StartHostAsync();
        using var warmUp = await host.Client.PostAsync("?symbol=IBM", null);
        standIns.Secrets.Payload = "NEWKEY";
        standIns.AlphaVantage.Respond = context => context.Request.Query["apikey"] == "NEWKEY"
            ? context.Response.WriteAsync(AlphaVantageBodies.Intraday("MSFT"))
            : context.Response.WriteAsync(AlphaVantageBodies.InvalidKey);

        using var response = await host.Client.PostAsync("?symbol=MSFT", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, standIns.Secrets.AccessRequests);
        Assert.Equal(
            ["OLDKEY", "OLDKEY", "NEWKEY"],
            standIns.AlphaVantage.Requests.Select(request => request.Query["apikey"].ToString()));
    }

    [Fact]
    public async Task Post_KeyRejectedAndSecretUnchanged_Answers502AfterOneFreshRead()
    {
        standIns.AlphaVantage.RespondWith(AlphaVantageBodies.InvalidKey);
        await using var host = await standIns.StartHostAsync();

        using var response = await host.Client.PostAsync("?symbol=IBM", null);
        using var again = await host.Client.PostAsync("?symbol=MSFT", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, again.StatusCode);
        Assert.Equal(2, standIns.Secrets.AccessRequests);
        Assert.Equal(2, standIns.AlphaVantage.Calls);
    }

    [Fact]
    public async Task Post_AfterThrottling_Answers429WithoutCallingUpstreamForTheWindow()
    {
        standIns.AlphaVantage.RespondWith(AlphaVantageBodies.MinuteNote);

        await AssertTwoRequestsThrottledByOneCallAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Post_Http429WithRetryAfterDate_ClosesForThatLong()
    {
        standIns.AlphaVantage.Respond = context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddMinutes(10).ToString("R");
            return Task.CompletedTask;
        };

        await AssertTwoRequestsThrottledByOneCallAsync(TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Post_CallerGoesAway_UpstreamCallIsCancelled()
    {
        standIns.AlphaVantage.Delay = TimeSpan.FromSeconds(10);
        await using var host = await standIns.StartHostAsync(("Cache:Ttl", "00:00:00"));
        using var caller = new CancellationTokenSource();

        var request = host.Client.PostAsync("?symbol=IBM", null, caller.Token);
        await standIns.AlphaVantage.WaitForCallsAsync(1);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await standIns.AlphaVantage.WaitForAbortAsync();

        Assert.Equal(1, standIns.AlphaVantage.Aborted);
    }

    // Two different questions: the second is refused by the window the first one's answer opened.
    private async Task AssertTwoRequestsThrottledByOneCallAsync(TimeSpan shortest, TimeSpan longest)
    {
        await using var host = await standIns.StartHostAsync();

        using var first = await host.Client.PostAsync("?symbol=IBM", null);
        using var second = await host.Client.PostAsync("?symbol=MSFT", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.InRange(first.Headers.RetryAfter!.Delta!.Value, shortest, longest);
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value, shortest, longest);
        Assert.Equal(1, standIns.AlphaVantage.Calls);
    }
}
