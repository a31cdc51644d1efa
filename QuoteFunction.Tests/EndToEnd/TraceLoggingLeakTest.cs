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

    private static readonly string[] Categories = ["Default", .. FailureMatrix.LibraryCategories];

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
        settings.Add(("AlphaVantage__Timeout", "00:00:00.500"));
        var environment = standIns.Environment([.. settings]);
        if (!onGoogleCloud)
        {
            environment.Remove("K_SERVICE");
            environment["SecretManager__ProjectId"] = "fake-project-123";
        }

        await using var function = await FunctionProcess.StartAsync(environment);

        // Secret failures first, while no key has been read; throttling closes the gate to Alpha
        // Vantage for its window, so those cases come last.
        var cases = FailureMatrix.Cases
            .OrderBy(pair => pair.Key.StartsWith("secret") ? 0 : pair.Value.Status == 429 ? 2 : 1)
            .Select(pair => pair.Value);
        var answers = new List<string>();
        foreach (var failure in cases)
        {
            standIns.Reset();
            failure.Arrange(standIns);
            using var response = await failure.Send(function.Client);
            Assert.Equal(failure.Status, (int)response.StatusCode);
            answers.Add(response.Headers + "\n" + response.Content.Headers + "\n" +
                await response.Content.ReadAsStringAsync());
        }

        function.Terminate();
        await function.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains(standIns.AlphaVantage.Requests, request => request.Query["apikey"] == SentinelKey);
        Assert.True(standIns.Secrets.AccessRequests > 10);
        var everything = function.AllOutput + string.Join('\n', answers);
        standIns.AssertNoSecretIn(everything, SentinelKey);
    }
}
