using System.Text;
using System.Text.Json;
using QuoteFunction.AlphaVantage;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.AlphaVantage;

public sealed class IntradayResponseTest
{
    [Fact]
    public void Parse_SeriesWithByteOrderMark_AnswersDataAndMeta()
    {
        var body = Encoding.UTF8.GetBytes("\uFEFF" + AlphaVantageBodies.Intraday("TSLA", "30min", 3));

        var answer = IntradayResponse.Parse(body, DateTimeOffset.UnixEpoch);

        using var document = JsonDocument.Parse(answer.Body);
        Assert.Equal(3, document.RootElement.GetProperty("data").EnumerateObject().Count());
        Assert.Equal("TSLA", document.RootElement.GetProperty("meta").GetProperty("symbol").GetString());
        Assert.Equal("30min", document.RootElement.GetProperty("meta").GetProperty("interval").GetString());
        Assert.Equal("2026-11-27 16:00:00", answer.LatestBarTime);
        Assert.Equal("100.1250", answer.LatestClose);
    }

    [Fact]
    public void Parse_EmptySeries_AnswersEmptyData()
    {
        var body = "{\"Meta Data\": {}, \"Time Series (5min)\": {}}"u8.ToArray();

        var answer = IntradayResponse.Parse(body, DateTimeOffset.UnixEpoch);

        Assert.StartsWith("{\"data\":{}", Encoding.UTF8.GetString(answer.Body));
        Assert.Null(answer.LatestBarTime);
    }

    [Theory]
    [InlineData("2026-11-27 16:00:00", "100.1250", "2026-11-27 16:00:00", "100.1250")]
    [InlineData("2026-11-27", "7", "2026-11-27", "7")]
    [InlineData("SENTINEL-KEY-ZZ91", "SENTINEL-KEY-ZZ91", null, null)]
    [InlineData("2026-11-27 16:00:00\nforged entry", "1e400", null, null)]
    public void Parse_LatestBar_KeepsOnlyATimestampAndANumber(
        string time, string close, string? expectedTime, string? expectedClose)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["Time Series (5min)"] = new Dictionary<string, object>
            {
                [time] = new Dictionary<string, string> { ["4. close"] = close },
            },
        });

        var answer = IntradayResponse.Parse(body, DateTimeOffset.UnixEpoch);

        Assert.Equal(expectedTime, answer.LatestBarTime);
        Assert.Equal(expectedClose, answer.LatestClose);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<!DOCTYPE html><html></html>")]
    [InlineData("{\"Time Series (5min)\": {\"2026-01-01 10:00:00\": ")]
    [InlineData("\"Time Series\"")]
    [InlineData("{\"Time Series (5min)\": []}")]
    public void Parse_NotASeries_ThrowsBadResponse(string body)
    {
        var exception = Assert.Throws<UpstreamException>(() =>
            IntradayResponse.Parse(Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch));

        Assert.Equal(UpstreamFault.BadResponse, exception.Fault);
    }
}
