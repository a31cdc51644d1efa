using CsCheck;
using QuoteFunction.Hosting;

namespace QuoteFunction.Tests.Hosting;

public sealed class CloudTraceContextTest
{
    private const string TraceId = "105445aa7843bc8bf206b12000100000";
    private const string ParentId = "00f067aa0ba902b7";

    [Theory]
    [InlineData(TraceId + "/1;o=1", "0000000000000001", true)]
    [InlineData(TraceId + "/18446744073709551615;o=1", "ffffffffffffffff", true)]
    [InlineData(TraceId + "/12345678901234567;o=0", "002bdc545d6b4b87", false)]
    [InlineData(TraceId + "/255;o=3", "00000000000000ff", true)]
    [InlineData(TraceId + "/255;o=2", "00000000000000ff", false)]
    [InlineData(TraceId + "/255", "00000000000000ff", false)]
    [InlineData(TraceId + "/0;o=1", null, true)]
    [InlineData(TraceId + ";o=1", null, true)]
    [InlineData(TraceId, null, false)]
    [InlineData(" " + TraceId + "/1;o=1 ", "0000000000000001", true)]
    public void TryParseCloudTraceHeader_WellFormed_ConvertsSpanToHex(
        string header, string? spanId, bool sampled)
    {
        var parsed = CloudTraceContext.TryParseCloudTraceHeader(header, out var context);

        Assert.True(parsed);
        Assert.Equal(new CloudTraceContext(TraceId, spanId, sampled), context);
    }

    [Fact]
    public void TryParseCloudTraceHeader_UpperCaseTraceId_LowersIt()
    {
        var parsed = CloudTraceContext.TryParseCloudTraceHeader(
            "105445AA7843BC8BF206B12000100000/1;o=1", out var context);

        Assert.True(parsed);
        Assert.Equal(TraceId, context!.TraceId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/1;o=1")]
    [InlineData("105445aa7843bc8bf206b1200010000/1;o=1")]
    [InlineData("105445aa7843bc8bf206b120001000000/1;o=1")]
    [InlineData("105445aa7843bc8bf206b1200010000g/1;o=1")]
    [InlineData("00000000000000000000000000000000/1;o=1")]
    [InlineData(TraceId + "/")]
    [InlineData(TraceId + "/;o=1")]
    [InlineData(TraceId + "/-1;o=1")]
    [InlineData(TraceId + "/+1;o=1")]
    [InlineData(TraceId + "/ 1;o=1")]
    [InlineData(TraceId + "/1.5;o=1")]
    [InlineData(TraceId + "/1,000;o=1")]
    [InlineData(TraceId + "/ff;o=1")]
    [InlineData(TraceId + "/18446744073709551616;o=1")]
    [InlineData(TraceId + "/1/2;o=1")]
    [InlineData(TraceId + "/1;")]
    [InlineData(TraceId + "/1;o=")]
    [InlineData(TraceId + "/1;o=x")]
    [InlineData(TraceId + "/1;x=1")]
    [InlineData(TraceId + "/1;O=1")]
    [InlineData(TraceId + "/1;o=1;o=1")]
    [InlineData(TraceId + "/1;o=1," + TraceId + "/2;o=1")]
    [InlineData("00-" + TraceId + "-" + ParentId + "-01")]
    public void TryParseCloudTraceHeader_Malformed_ReturnsFalse(string? header)
    {
        var parsed = CloudTraceContext.TryParseCloudTraceHeader(header, out var context);

        Assert.False(parsed);
        Assert.Null(context);
    }

    [Fact]
    public void TryParseCloudTraceHeader_AnySpanAndOptions_RoundTrips()
    {
        var headers = Gen.Select(Gen.ULong, Gen.UInt, Gen.Bool);

        headers.Sample((span, options, withOptions) =>
        {
            var header = withOptions ? $"{TraceId}/{span};o={options}" : $"{TraceId}/{span}";

            var parsed = CloudTraceContext.TryParseCloudTraceHeader(header, out var context);

            Assert.True(parsed);
            Assert.Equal(span == 0 ? null : span.ToString("x16"), context!.SpanId);
            Assert.Equal(withOptions && (options & 1) == 1, context.Sampled);
        });
    }

    [Theory]
    [InlineData("00-" + TraceId + "-" + ParentId + "-01", true)]
    [InlineData("00-" + TraceId + "-" + ParentId + "-00", false)]
    [InlineData("00-" + TraceId + "-" + ParentId + "-03", true)]
    [InlineData("00-" + TraceId + "-" + ParentId + "-0a", false)]
    [InlineData("01-" + TraceId + "-" + ParentId + "-01", true)]
    [InlineData("01-" + TraceId + "-" + ParentId + "-01-future-field", true)]
    [InlineData(" 00-" + TraceId + "-" + ParentId + "-01 ", true)]
    public void TryParseTraceParent_WellFormed_ReadsTraceSpanAndSampling(string header, bool sampled)
    {
        var parsed = CloudTraceContext.TryParseTraceParent(header, out var context);

        Assert.True(parsed);
        Assert.Equal(new CloudTraceContext(TraceId, ParentId, sampled), context);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("00-" + TraceId + "-" + ParentId)]
    [InlineData("00-" + TraceId + "-" + ParentId + "-1")]
    [InlineData("00-" + TraceId + "-" + ParentId + "-01-extra")]
    [InlineData("01-" + TraceId + "-" + ParentId + "-01extra")]
    [InlineData("ff-" + TraceId + "-" + ParentId + "-01")]
    [InlineData("0g-" + TraceId + "-" + ParentId + "-01")]
    [InlineData("00-105445AA7843BC8BF206B12000100000-" + ParentId + "-01")]
    [InlineData("00-" + TraceId + "-00F067AA0BA902B7-01")]
    [InlineData("00-" + TraceId + "-" + ParentId + "-0A")]
    [InlineData("00-00000000000000000000000000000000-" + ParentId + "-01")]
    [InlineData("00-" + TraceId + "-0000000000000000-01")]
    [InlineData("00_" + TraceId + "_" + ParentId + "_01")]
    [InlineData("00-" + TraceId + "0-" + ParentId + "-1")]
    [InlineData("00-" + TraceId + "-" + ParentId + "-0x")]
    [InlineData(TraceId + "/1;o=1")]
    public void TryParseTraceParent_Malformed_ReturnsFalse(string? header)
    {
        var parsed = CloudTraceContext.TryParseTraceParent(header, out var context);

        Assert.False(parsed);
        Assert.Null(context);
    }

    [Fact]
    public void TryParse_AnyText_NeverThrowsAndAcceptsOnlyWellFormedIds()
    {
        // Mostly the headers' own characters, so that near misses are common.
        var texts = Gen.OneOf(Gen.String, Gen.String["0123456789abcdefABCDEF/;o=- "]);

        texts.Sample(text =>
        {
            if (CloudTraceContext.TryParseCloudTraceHeader(text, out var cloud))
            {
                AssertWellFormed(cloud);
            }

            if (CloudTraceContext.TryParseTraceParent(text, out var w3c))
            {
                AssertWellFormed(w3c);
                Assert.NotNull(w3c.SpanId);
            }
        });
    }

    [Fact]
    public void TryParse_ValidHeaderWithOneCharacterChanged_NeverThrows()
    {
        var headers = new[] { TraceId + "/123;o=1", "00-" + TraceId + "-" + ParentId + "-01" };
        var edits = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 60], Gen.Char);

        edits.Sample((which, position, replacement) =>
        {
            var header = headers[which];
            var index = Math.Min(position, header.Length - 1);
            var edited = string.Concat(
                header.AsSpan(0, index), [replacement], header.AsSpan(index + 1));

            if (CloudTraceContext.TryParseCloudTraceHeader(edited, out var cloud))
            {
                AssertWellFormed(cloud);
            }

            if (CloudTraceContext.TryParseTraceParent(edited, out var w3c))
            {
                AssertWellFormed(w3c);
            }
        });
    }

    private static void AssertWellFormed(CloudTraceContext context)
    {
        Assert.Matches("^[0-9a-f]{32}$", context.TraceId);
        Assert.DoesNotMatch("^0+$", context.TraceId);
        if (context.SpanId is not null)
        {
            Assert.Matches("^[0-9a-f]{16}$", context.SpanId);
            Assert.DoesNotMatch("^0+$", context.SpanId);
        }
    }
}
