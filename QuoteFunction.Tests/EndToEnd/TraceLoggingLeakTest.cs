using QuoteFunction.Tests.Errors;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.EndToEnd;

/// <summary>
/// The running function at Trace level, every library included, through the failure matrix:
/// the sentinel key and the token appear in no output line, body or header.
/// </summary>
public sealed class TraceLoggingLeakTest : IAsyncLifetime
{
    private const string SentinelKey = "SENTINEL1KEY1b77e0";

    private static readonly string[] Categories =
    [
        "Default",
        "Microsoft.AspNetCore",
        "Microsoft.Extensions.Http",
        "System.Net.Http.HttpClient",
        "Polly",
    ];

    private CloudStandIns standIns = null!;

    public async Task InitializeAsync()
    {
        standIns = await CloudStandIns.StartAsync();
        standIns.Secrets.Payload = SentinelKey + "\n";
    }

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_FailureMatrixAtTrace_NeverWritesKeyOrToken(bool onGoogleCloud)
    {
        var settings = Categories
            .Select(category => ($"Logging__LogLevel__{category}", (string?)"Trace"))
            .ToList();
        settings.Add(("Cache__Ttl", "00:00:00"));
        var environment = standIns.Environment([.. settings]);
        if (!onGoogleCloud)
        {
            environment.Remove("K_SERVICE");
            environment["SecretManager__ProjectId"] = "fake-project-123";
        }

        await using var function = await FunctionProcess.StartAsync(environment);
        using var success = await function.Client.PostAsync("?symbol=IBM", null);
        await function.WaitForLineAsync(line => line.Contains("IBM") && line.Contains("200"));

        // Throttling closes the gate to Alpha Vantage for its window, so those cases come last.
        var answers = new List<string>();
        var cases = FailureMatrix.Cases.Values
            .Where(failure => failure.Settings.Length == 0)
            .OrderBy(failure => failure.Status == 429);
        foreach (var failure in cases)
        {
            Reset();
            failure.Arrange(standIns);
            using var response = await failure.Send(function.Client);
            answers.Add(response.Headers + "\n" + response.Content.Headers + "\n" +
                await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(SentinelKey, standIns.AlphaVantage.Requests.First().Query["apikey"].ToString());
        Assert.True(standIns.AlphaVantage.Calls > 10);
        var everything = function.AllOutput + string.Join('\n', answers);
        Assert.DoesNotContain(SentinelKey, everything);
        Assert.DoesNotContain(standIns.Metadata.Token, everything);
        Assert.DoesNotContain("apikey=", everything);
    }

    private void Reset()
    {
        standIns.AlphaVantage.Respond = null;
        standIns.AlphaVantage.Delay = TimeSpan.Zero;
        standIns.Secrets.Behaviour = SecretBehaviour.Serve;
        standIns.Secrets.TransientFailures = 0;
    }
}
