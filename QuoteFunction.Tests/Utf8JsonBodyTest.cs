using System.Text;
using System.Text.Json;

namespace QuoteFunction.Tests;

public sealed class Utf8JsonBodyTest
{
    [Theory]
    [InlineData("""{"symbol": "\ud83d\ude00"}""", "\U0001F600")]
    [InlineData("""{"symbol": "\u0049BM"}""", "IBM")]
    [InlineData("""{"symbol": "\\ud800"}""", "\\ud800")]
    public void Parse_EscapesThatDecode_AreRead(string json, string symbol)
    {
        using var document = Utf8JsonBody.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(symbol, document.RootElement.GetProperty("symbol").GetString());
    }

    [Theory]
    [InlineData("""{"symbol": "\ud800"}""")]
    [InlineData("""{"symbol": "\udc00"}""")]
    [InlineData("""{"symbol": "\ude00\ud83d"}""")]
    [InlineData("""{"symbol": "\ud83dIBM"}""")]
    [InlineData("""{"sym\ud800bol": "IBM"}""")]
    [InlineData("""[["deep", {"x": ["\udfff"]}]]""")]
    public void Parse_EscapeOfALoneSurrogate_IsRefused(string json)
    {
        var exception = Assert.Throws<JsonException>(() => Utf8JsonBody.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("lone UTF-16 surrogate", exception.Message);
    }
}
