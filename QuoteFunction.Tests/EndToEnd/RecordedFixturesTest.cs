using System.Net;
using System.Text.Json;
using QuoteFunction.Tests.Fakes;

namespace QuoteFunction.Tests.EndToEnd;

/// <summary>
/// Replays bodies recorded from the real Alpha Vantage (../shared/fixtures, read at test time,
/// never copied) through the running function.
/// </summary>
public sealed class RecordedFixturesTest : IAsyncLifetime
{
    private const string NoFixtures = "(no recorded fixtures beside this checkout)";

    private CloudStandIns standIns = null!;
    private FunctionProcess? function;

    public static TheoryData<string> SeriesFiles => Files(body => SeriesOf(body) is not null);

    public static TheoryData<string> ErrorFiles => Files(body => SeriesOf(body) is null);

    public async Task InitializeAsync() => standIns = await CloudStandIns.StartAsync();

    public async Task DisposeAsync()
    {
        if (function is not null)
        {
            await function.DisposeAsync();
        }

        await standIns.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(SeriesFiles))]
    public async Task Post_RecordedSeries_AnswersTheSeriesByteForByte(string file)
    {
        if (await ReplayAsync(file) is not var (recorded, response))
        {
            return;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var series = SeriesOf(recorded)!.Value;
        var data = answer.RootElement.GetProperty("data");
        Assert.Equal(series.GetRawText(), data.GetRawText());
        Assert.Equal(
            series.EnumerateObject().Select(bar => bar.Name), data.EnumerateObject().Select(bar => bar.Name));
        Assert.True(JsonElement.DeepEquals(series, data));
        Assert.Equal(
            series.EnumerateObject().First().Name,
            answer.RootElement.GetProperty("meta").GetProperty("lastRefreshed").GetString());
        await function!.StopAsync();
        standIns.AssertNoSecretIn(function.AllOutput);
    }

    [Theory]
    [MemberData(nameof(ErrorFiles))]
    public async Task Post_RecordedError_AnswersMappedStatusWithoutUpstreamText(string file)
    {
        if (await ReplayAsync(file) is not var (recorded, response))
        {
            return;
        }

        // "Invalid API call" is an unknown symbol; a Note, and the 2018 Information asking for a
        // "higher API call volume", are the call-rate limits of their day.
        var expected = file.Contains("invalid_api_call")
            ? HttpStatusCode.NotFound
            : HttpStatusCode.TooManyRequests;
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("alphavantage.co", body);
        Assert.DoesNotContain("Thank you", body);
    }

    /// <summary>Runs the function against the recorded body; null where the fixtures are absent.</summary>
    private async Task<(byte[] Recorded, HttpResponseMessage Response)?> ReplayAsync(string file)
    {
        if (file == NoFixtures)
        {
            Assert.Null(RepositoryPaths.RecordedAlphaVantage);
            return null;
        }

        var path = Path.Combine(RepositoryPaths.RecordedAlphaVantage!, file);
        var recorded = await File.ReadAllBytesAsync(path);
        standIns.AlphaVantage.RespondWith(recorded);
        function = await FunctionProcess.StartAsync(standIns.Environment());
        return (recorded, await function.Client.PostAsync("?symbol=MSFT", null));
    }

    private static TheoryData<string> Files(Func<byte[], bool> include)
    {
        var folder = RepositoryPaths.RecordedAlphaVantage;
        if (folder is null)
        {
            return new TheoryData<string>(NoFixtures);
        }

        return new TheoryData<string>(Directory.GetFiles(folder, "*.json")
            .Where(path => include(File.ReadAllBytes(path)))
            .Select(Path.GetFileName)
            .Order()!);
    }

    private static JsonElement? SeriesOf(byte[] body)
    {
        var json = body.AsSpan().StartsWith("\uFEFF"u8) ? body[3..] : body;
        var root = JsonDocument.Parse(json).RootElement;
        return root.EnumerateObject().FirstOrDefault(property => property.Name.StartsWith("Time Series"))
                is { Value.ValueKind: JsonValueKind.Object } series
            ? series.Value
            : null;
    }
}
