using System.Text.Json;
using QuoteFunction.AlphaVantage;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.AlphaVantage;

public sealed class InBandErrorTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, UpstreamFault> Bodies => new()
    {
        { AlphaVantageBodies.InvalidCall, UpstreamFault.UnknownSymbol },
        { AlphaVantageBodies.InvalidKey, UpstreamFault.KeyRejected },
        { AlphaVantageBodies.MinuteNote, UpstreamFault.Throttled },
        { AlphaVantageBodies.DailyLimit("ABC"), UpstreamFault.Throttled },
        { AlphaVantageBodies.BurstLimit, UpstreamFault.Throttled },
        { AlphaVantageBodies.Premium, UpstreamFault.PremiumOnly },
        { AlphaVantageBodies.DemoOnly, UpstreamFault.KeyRejected },
        {
            "{\"Information\": \"Please visit our site if you would like a higher API call volume.\"}",
            UpstreamFault.Throttled
        },
        { "{\"Information\": \"Something else entirely.\"}", UpstreamFault.BadResponse },
        { "{}", UpstreamFault.BadResponse },
        { "{\"Error Message\": 42}", UpstreamFault.BadResponse },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Classify_Body_MapsToFault(string body, UpstreamFault fault)
    {
        using var document = JsonDocument.Parse(body);

        var exception = InBandError.Classify(document.RootElement, Now);

        Assert.Equal(fault, exception.Fault);
        Assert.Equal(fault == UpstreamFault.Throttled, exception.RetryAfter is not null);
    }

    [Fact]
    public void Classify_DailyLimit_WindowEndsAtMidnightInNewYork()
    {
        using var document = JsonDocument.Parse(AlphaVantageBodies.DailyLimit("ABC"));

        var exception = InBandError.Classify(document.RootElement, Now);

        // 20:30 UTC is 15:30 in New York (EST, UTC-5): 8.5 hours to its midnight.
        Assert.Equal(TimeSpan.FromHours(8.5), exception.RetryAfter);
    }

    [Fact]
    public void Classify_BurstLimitNamingTheDailyAllowance_WindowIsOneSecond()
    {
        using var document = JsonDocument.Parse(AlphaVantageBodies.BurstLimit);

        var exception = InBandError.Classify(document.RootElement, Now);

        Assert.Equal(TimeSpan.FromSeconds(1), exception.RetryAfter);
    }

    [Fact]
    public void Classify_MessageQuotingTheKey_KeepsTheKeyOutOfTheException()
    {
        using var document = JsonDocument.Parse(AlphaVantageBodies.DailyLimit("SECRETKEY42"));

        var exception = InBandError.Classify(document.RootElement, Now);

        Assert.DoesNotContain("SECRETKEY42", exception.Message);
    }
}
