using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.AspNetCore.WebUtilities;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.Errors;

/// <summary>
/// Arbitrary strings thrown at every input: never a 5xx, no upstream call for rejected input, and
/// every accepted symbol reaches Alpha Vantage as exactly one <c>symbol</c> parameter.
/// </summary>
public sealed class InputPropertyTest : IAsyncLifetime
{
    private static readonly Regex ValidSymbol = new(@"\A[A-Za-z0-9.:^&-]{1,20}\z");

    // Characters that matter to query strings, JSON and the symbol rules, then anything at all.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Char["AZaz09.-:^&=?#%+ /\\\"'\0\r\n\u00e9\u4e2d\ud83d\ude00"].Array[0, 25]
            .Select(chars => new string(chars)),
        Gen.String[0, 30],
        Gen.Char.AlphaNumeric.Array[1, 22].Select(chars => new string(chars)));

    private CloudStandIns standIns = null!;
    private FunctionTestHost host = null!;

    public async Task InitializeAsync()
    {
        standIns = await CloudStandIns.StartAsync();
        host = await standIns.StartHostAsync(("Cache:Ttl", "00:00:00"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await standIns.DisposeAsync();
    }

    [Fact]
    public void Post_ArbitrarySymbolInQuery_AcceptedExactlyWhenValidAndSentAsOneParameter()
    {
        Text.Sample(
            symbol => AssertSymbolHandled(symbol, () =>
                host.Client.PostAsync(QueryHelpers.AddQueryString("/", "symbol", symbol), null)),
            iter: 300,
            threads: 1);
    }

    [Fact]
    public void Post_ArbitrarySymbolInBody_AcceptedExactlyWhenValidAndSentAsOneParameter()
    {
        Text.Sample(
            symbol => AssertSymbolHandled(symbol, () =>
                host.Client.PostAsync(
                    "/", new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { symbol })))),
            iter: 200,
            threads: 1);
    }

    [Fact]
    public void Post_ArbitraryOptionValues_NeverServerErrorAndNoUpstreamCallWhenRejected()
    {
        var names = Gen.OneOfConst(
            "interval", "outputsize", "adjusted", "extended_hours", "month", "symbol", "apikey", "function");
        Gen.Select(names, Text).Sample((name, value) =>
        {
            var callsBefore = standIns.AlphaVantage.Calls;
            var url = QueryHelpers.AddQueryString("/?symbol=IBM", name, value);

            using var response = host.Client.PostAsync(url, null).GetAwaiter().GetResult();

            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 400, $"{name}={value} answered {status}");
            Assert.Equal(status == 200 ? callsBefore + 1 : callsBefore, standIns.AlphaVantage.Calls);
            if (status == 200)
            {
                var sent = standIns.AlphaVantage.Requests.Last();
                Assert.Single(sent.Query["function"]);
                Assert.Single(sent.Query["apikey"]);
                Assert.Equal(standIns.Key, sent.Query["apikey"].ToString());
            }
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Post_ArbitraryBody_NeverServerError()
    {
        Gen.OneOf(Gen.Byte.Array[0, 200], Text.Select(Encoding.UTF8.GetBytes)).Sample(body =>
        {
            using var response = host.Client.PostAsync("/", new ByteArrayContent(body))
                .GetAwaiter()
                .GetResult();

            Assert.True((int)response.StatusCode is 200 or 400, $"answered {(int)response.StatusCode}");
        }, iter: 300, threads: 1);
    }

    private void AssertSymbolHandled(string symbol, Func<Task<HttpResponseMessage>> send)
    {
        var callsBefore = standIns.AlphaVantage.Calls;

        using var response = send().GetAwaiter().GetResult();

        var status = (int)response.StatusCode;
        var valid = ValidSymbol.IsMatch(symbol);
        Assert.True(status == (valid ? 200 : 400), $"'{symbol}' answered {status}");
        Assert.Equal(valid ? callsBefore + 1 : callsBefore, standIns.AlphaVantage.Calls);
        if (valid)
        {
            var sent = standIns.AlphaVantage.Requests.Last();
            Assert.Equal(symbol.ToUpperInvariant(), Assert.Single(sent.Query["symbol"]));
            Assert.Single(sent.Query["apikey"]);
            Assert.Single(sent.Query["function"]);
        }
    }
}
