using System.Net;
using System.Text.Json.Nodes;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.EndToEnd;

/// <summary>
/// The function as a process against the three stand-ins on 127.0.0.1: the production code
/// path, with only the addresses changed.
/// </summary>
public sealed class FunctionProcessTest : IAsyncLifetime
{
    private CloudStandIns standIns = null!;

    public async Task InitializeAsync() => standIns = await CloudStandIns.StartAsync();

    public async Task DisposeAsync() => await standIns.DisposeAsync();

    [Fact]
    public async Task Post_SymbolInQuery_AnswersSeriesWithKeyFromSecretManager()
    {
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        using var response = await function.Client.PostAsync("?symbol=ibm&interval=5min", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var expected = JsonNode.Parse(AlphaVantageBodies.Intraday("IBM", "5min"))!["Time Series (5min)"];
        Assert.True(JsonNode.DeepEquals(expected, answer["data"]));
        Assert.Equal("IBM", (string?)answer["meta"]!["symbol"]);
        Assert.Equal("5min", (string?)answer["meta"]!["interval"]);
        Assert.Equal("US/Eastern", (string?)answer["meta"]!["timeZone"]);
        var upstream = Assert.Single(standIns.AlphaVantage.Requests);
        Assert.Equal(standIns.Key, upstream.Query["apikey"].ToString());
        Assert.Equal("TIME_SERIES_INTRADAY", upstream.Query["function"].ToString());
        Assert.Equal("projects/fake-project-123/secrets/alpha-vantage-key/versions/latest",
            Assert.Single(standIns.Secrets.AccessedNames));
        await AssertNoSecretInAsync(function);
    }

    [Fact]
    public async Task Post_ManySequentialRequests_ReadsSecretAndProjectOnce()
    {
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        foreach (var symbol in new[] { "IBM", "MSFT", "GOOG", "AAPL", "BRK.B", "^GSPC" })
        {
            using var response = await function.Client.PostAsync(
                $"?symbol={Uri.EscapeDataString(symbol)}", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, standIns.Secrets.AccessRequests);
        Assert.Equal(1, standIns.Metadata.ProjectIdRequests);
        Assert.Equal(6, standIns.AlphaVantage.Calls);
        await AssertNoSecretInAsync(function);
    }

    [Fact]
    public async Task Post_BurstOfConcurrentColdRequests_ReadsSecretOnce()
    {
        standIns.AlphaVantage.Delay = TimeSpan.FromMilliseconds(50);
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(index =>
            function.Client.PostAsync($"?symbol=S{index}", null)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, standIns.Secrets.AccessRequests);
        Assert.Equal(40, standIns.AlphaVantage.Calls);
        await AssertNoSecretInAsync(function);
    }

    [Fact]
    public async Task Post_TutorialPathAndSchedulerBody_BothReachTheFunction()
    {
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        using var tutorial = await function.Client.PostAsync("api/v1/symbol?symbol=GOOG", null);
        using var scheduled = await function.Client.PostAsync(
            "", new ByteArrayContent("{\"symbol\": \"MSFT\", \"interval\": \"60min\"}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, tutorial.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal(
            ["GOOG", "MSFT"],
            standIns.AlphaVantage.Requests.Select(request => request.Query["symbol"].ToString()));
        Assert.Equal("60min", standIns.AlphaVantage.Requests.Last().Query["interval"].ToString());
    }

    [Fact]
    public async Task Start_NothingConfiguredOutsideGoogleCloud_UsesDemoKeyWithOneWarning()
    {
        await using var function = await FunctionProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AlphaVantage__BaseUrl"] = standIns.AlphaVantage.QueryUrl.ToString(),
        });

        using var first = await function.Client.PostAsync("?symbol=IBM", null);
        using var second = await function.Client.PostAsync("?symbol=IBM&interval=1min", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All(
            standIns.AlphaVantage.Requests,
            request => Assert.Equal("demo", request.Query["apikey"].ToString()));
        Assert.Equal(0, standIns.Secrets.AccessRequests);
        await function.StopAsync();
        Assert.Single(function.Output, line => line.Contains("public demo key"));
    }

    [Theory]
    [InlineData("PORT", "eighty", "PORT must be a whole number from 1 to 65535; got 'eighty'")]
    [InlineData("PORT", "70000", "got '70000'")]
    [InlineData("FUNCTION_TARGET", "QuoteFunction.Nope", "FUNCTION_TARGET 'QuoteFunction.Nope'")]
    [InlineData("AlphaVantage__Timeout", "00:00:00", "AlphaVantage:Timeout must be from 0.1 to 300 seconds")]
    [InlineData("Cache__Ttl", "-00:00:01", "Cache:Ttl must be")]
    [InlineData("SecretManager__SecretId", "a/b", "SecretManager:SecretId must be")]
    [InlineData("AlphaVantage__BaseUrl", "", "AlphaVantage:BaseUrl must be")]
    [InlineData("SecretManager__Endpoint", "", "SecretManager:Endpoint must be")]
    [InlineData("Cache__Redis", ",,,=", "Cache:Redis must be")]
    public async Task Start_InvalidSetting_ExitsWithMessageNamingIt(string name, string value, string message)
    {
        var environment = new Dictionary<string, string?> { [name] = value };

        await using var function = await FunctionProcess.RunToExitAsync(environment);

        Assert.Equal(1, function.ExitCode);
        Assert.Contains(message, function.AllOutput);
        Assert.DoesNotContain("   at ", function.AllOutput);
    }

    [Fact]
    public async Task Post_MetadataServerDownAtFirstRead_Answers503ThenHealsWithoutRestart()
    {
        standIns.Metadata.Unavailable = true;
        await using var function = await FunctionProcess.StartAsync(
            standIns.Environment(("SecretManager__ProjectId", "fake-project-123")));

        using var during = await function.Client.PostAsync("?symbol=IBM", null);
        standIns.Metadata.Unavailable = false;
        using var after = await function.Client.PostAsync("?symbol=IBM", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, standIns.Secrets.AccessRequests);
    }

    [Fact]
    public async Task Post_MetadataServerDownWithTraceHeader_AnswersWithoutWaitingForIt()
    {
        standIns.Metadata.Unavailable = true;
        await using var function = await FunctionProcess.StartAsync(
            standIns.Environment(("AlphaVantage__ApiKey", "DIRECTKEY")));
        var started = DateTime.UtcNow;

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "?symbol=IBM");
            request.Headers.Add("X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1");
            using var response = await function.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(
            DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "requests waited for the metadata server");
    }

    [Fact]
    public async Task Start_TwoInvalidSettings_ExitsNamingBoth()
    {
        var environment = new Dictionary<string, string?>
        {
            ["AlphaVantage__Timeout"] = "00:00:00",
            ["Cache__Ttl"] = "-00:00:01",
        };

        await using var function = await FunctionProcess.RunToExitAsync(environment);

        Assert.Equal(1, function.ExitCode);
        Assert.Contains("AlphaVantage:Timeout must be", function.AllOutput);
        Assert.Contains("Cache:Ttl must be", function.AllOutput);
        Assert.DoesNotContain("   at ", function.AllOutput);
    }

    [Fact]
    public async Task Start_TargetAndPortOnCommandLine_WinOverEnvironment()
    {
        var port = Loopback.FreePort();
        var environment = standIns.Environment(
            ("PORT", Loopback.FreePort().ToString()), ("FUNCTION_TARGET", "QuoteFunction.Nope"));

        await using var function = await FunctionProcess.StartAsync(
            port, environment, "--port", port.ToString(), "--target", "QuoteFunction.Function");
        using var response = await function.Client.PostAsync("?symbol=IBM", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Start_UnknownTargetOnCommandLine_ExitsNamingIt()
    {
        await using var function = await FunctionProcess.RunToExitAsync(
            new Dictionary<string, string?>(), "--target", "QuoteFunction.Elsewhere");

        Assert.Equal(1, function.ExitCode);
        Assert.Contains("'QuoteFunction.Elsewhere'", function.AllOutput);
    }

    [Fact]
    public async Task Terminate_RequestInFlight_FinishesBeforeExit()
    {
        standIns.AlphaVantage.Delay = TimeSpan.FromSeconds(2);
        await using var function = await FunctionProcess.StartAsync(standIns.Environment());

        var inFlight = function.Client.PostAsync("?symbol=IBM", null);
        await standIns.AlphaVantage.WaitForCallsAsync(1);
        function.Terminate();
        using var response = await inFlight;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await function.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, function.ExitCode);
    }

    private async Task AssertNoSecretInAsync(FunctionProcess function)
    {
        await function.StopAsync();
        standIns.AssertNoSecretIn(function.AllOutput);
    }
}
