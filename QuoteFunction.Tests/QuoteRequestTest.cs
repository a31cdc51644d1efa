namespace QuoteFunction.Tests;

public sealed class QuoteRequestTest
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    [Fact]
    public void Validate_SymbolOnly_AppliesDefaults()
    {
        var request = QuoteRequest.Validate(Fields(("symbol", "brk.b")), Today, out var errors);

        Assert.Empty(errors);
        Assert.Equal(new QuoteRequest("BRK.B", "15min", "compact", null, null, null), request);
    }

    [Fact]
    public void Validate_EveryOption_PassedOnNormalised()
    {
        var request = QuoteRequest.Validate(
            Fields(("symbol", "M&M"), ("interval", "60MIN"), ("outputsize", "Full"), ("adjusted", "FALSE"),
                ("extended_hours", "true"), ("month", "2026-12")),
            Today,
            out _);

        Assert.Equal(new QuoteRequest("M&M", "60min", "full", false, true, "2026-12"), request);
    }

    [Theory]
    [InlineData("symbol", "")]
    [InlineData("symbol", "ABCDEFGHIJKLMNOPQRSTU")]
    [InlineData("symbol", "IBM MSFT")]
    [InlineData("symbol", "ÄPFEL")]
    [InlineData("symbol", "IBM&apikey=x")]
    [InlineData("interval", "2min")]
    [InlineData("outputsize", "all")]
    [InlineData("adjusted", "1")]
    [InlineData("extended_hours", "")]
    [InlineData("month", "2026-1")]
    [InlineData("month", "1999-12")]
    [InlineData("month", "2027-01")]
    [InlineData("month", "2026-00")]
    public void Validate_InvalidField_NamesTheField(string name, string value)
    {
        var fields = Fields(("symbol", "IBM"));
        fields[name] = value;

        var request = QuoteRequest.Validate(fields, Today, out var errors);

        Assert.Null(request);
        Assert.Equal(name, Assert.Single(errors).Key);
    }

    [Fact]
    public void Validate_NoSymbol_SaysHowToGiveOne()
    {
        QuoteRequest.Validate(Fields(), Today, out var errors);

        Assert.Contains("?symbol=IBM", Assert.Single(errors["symbol"]));
    }

    [Fact]
    public void CacheKey_SameQuestionDifferentSpelling_IsEqual()
    {
        var lower = QuoteRequest.Validate(Fields(("symbol", "ibm"), ("interval", "5MIN")), Today, out _)!;
        var upper = QuoteRequest.Validate(Fields(("symbol", "IBM"), ("interval", "5min")), Today, out _)!;
        var other = QuoteRequest.Validate(
            Fields(("symbol", "IBM"), ("interval", "5min"), ("adjusted", "false")), Today, out _)!;

        Assert.Equal(lower.CacheKey, upper.CacheKey);
        Assert.NotEqual(upper.CacheKey, other.CacheKey);
    }

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(field => field.Name, field => field.Value, StringComparer.OrdinalIgnoreCase);
}
