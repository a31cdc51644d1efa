using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Errors;

/// <summary>
/// Each failure answered with its status and a problem body, run at the usual log level and at
/// Trace with a sentinel key: the key and the token never appear in a body, a header or a log line.
/// </summary>
public sealed class FailureMatrixTest : IAsyncLifetime
{
    private const string SentinelKey = "SENTINEL0KEY0c4f19";

    private CloudStandIns standIns = null!;

    public async Task InitializeAsync()
    {
        standIns = await CloudStandIns.StartAsync();
        standIns.Secrets.Payload = "\uFEFF" + SentinelKey + "\r\n";
    }

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Theory]
    [MemberData(nameof(FailureMatrix.Names), MemberType = typeof(FailureMatrix))]
    public Task Post_FailureAtInformation_AnswersStatusWithProblemAndNoSecret(string name) =>
        AssertCaseAsync(name, LogLevel.Information);

    [Theory]
    [MemberData(nameof(FailureMatrix.Names), MemberType = typeof(FailureMatrix))]
    public Task Post_FailureAtTrace_AnswersStatusWithProblemAndNoSecret(string name) =>
        AssertCaseAsync(name, LogLevel.Trace);

    private async Task AssertCaseAsync(string name, LogLevel level)
    {
        var failure = FailureMatrix.Cases[name];
        failure.Arrange(standIns);
        // At Trace the test lets every library speak.
        var levels = FailureMatrix.LibraryCategories
            .Select(category => ($"Logging:LogLevel:{category}", (string?)level.ToString()));
        await using var host = await standIns.StartHostAsync(level, [.. failure.Settings, .. levels]);

        using var response = await failure.Send(host.Client);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(failure.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(failure.Status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(failure.RetryAfter, response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.True(response.Headers.RetryAfter?.Delta is null or { TotalDays: <= 1 });
        if (failure.Status == 405)
        {
            Assert.Equal(["POST"], response.Content.Headers.Allow);
        }

        if (!failure.ReachesUpstream)
        {
            Assert.Equal(0, standIns.AlphaVantage.Calls);
        }

        if (failure.Status is 400 or 405 or 413)
        {
            Assert.Equal(0, standIns.Secrets.AccessRequests);
        }

        var everything = body + response.Headers + response.Content.Headers + host.Logs.AllText;
        standIns.AssertNoSecretIn(everything, SentinelKey);
        Assert.DoesNotContain("   at ", body);
    }
}
