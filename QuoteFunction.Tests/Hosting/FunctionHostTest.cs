using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QuoteFunction.Hosting;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Hosting;

public sealed class FunctionHostTest
{
    [Theory]
    [InlineData(null, 8080)]
    [InlineData("", 8080)]
    [InlineData("1", 1)]
    [InlineData("65535", 65535)]
    public void ParsePort_ValidOrUnset_ReturnsPort(string? value, int expected)
    {
        Assert.Equal(expected, FunctionHost.ParsePort(value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("8080x")]
    [InlineData("http://0.0.0.0:8080")]
    public void ParsePort_NotAPort_ThrowsNamingValue(string value)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FunctionHost.ParsePort(value));

        Assert.Contains($"'{value}'", exception.Message);
    }

    [Fact]
    public void Resolve_NoTarget_FindsTheOnlyFunction()
    {
        Assert.Equal(typeof(Function), FunctionTarget.Resolve(typeof(Function).Assembly, null));
    }

    [Fact]
    public void Resolve_UnknownTarget_ThrowsNamingTargetAndFunctions()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            FunctionTarget.Resolve(typeof(Function).Assembly, "QuoteFunction.Missing"));

        Assert.Contains("QuoteFunction.Missing", exception.Message);
        Assert.Contains("QuoteFunction.Function", exception.Message);
    }

    [Fact]
    public void FindStartups_FunctionAssembly_FindsTheProjectStartup()
    {
        var startups = FunctionTarget.FindStartups(typeof(Function).Assembly, typeof(Function));

        Assert.IsType<Startup>(Assert.Single(startups));
    }

    [Theory]
    [InlineData("DELETE", "/")]
    [InlineData("GET", "/api/v1/symbol")]
    [InlineData("PATCH", "/anything/at/all")]
    [InlineData("HEAD", "/")]
    [InlineData("OPTIONS", "/")]
    public async Task Request_AnyOtherMethodOnAnyPath_Answers405AllowPost(string method, string path)
    {
        await using var standIns = await CloudStandIns.StartAsync();
        await using var host = await standIns.StartHostAsync();

        using var response = await host.Client.SendAsync(
            new HttpRequestMessage(new HttpMethod(method), path + "?symbol=IBM"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal(0, standIns.AlphaVantage.Calls);
        Assert.Equal(0, standIns.Secrets.AccessRequests);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task Post_AcceptWithoutJson_StillAnswersProblemJson(string accept)
    {
        await using var standIns = await CloudStandIns.StartAsync();
        await using var host = await standIns.StartHostAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?symbol=");
        request.Headers.Accept.ParseAdd(accept);

        using var response = await host.Client.SendAsync(request);
        using var asJson = await host.Client.PostAsync("/?symbol=", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var expected = JsonDocument.Parse(await asJson.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
        foreach (var field in new[] { "type", "title", "detail" })
        {
            Assert.Equal(
                expected.RootElement.GetProperty(field).GetString(),
                problem.RootElement.GetProperty(field).GetString());
        }

        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/symbol")]
    [InlineData("/deep/path/with.dots")]
    public async Task Post_AnyPath_ReachesTheFunction(string path)
    {
        await using var standIns = await CloudStandIns.StartAsync();
        await using var host = await standIns.StartHostAsync();

        using var response = await host.Client.PostAsync(path + "?symbol=GOOG", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
