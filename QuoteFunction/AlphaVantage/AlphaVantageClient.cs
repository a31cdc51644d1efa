using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace QuoteFunction.AlphaVantage;

/// <summary>
/// Calls TIME_SERIES_INTRADAY. The key travels in the query string, so the request URI is never
/// logged or put into an exception message; the HTTP client's own loggers are removed at
/// registration for the same reason.
/// </summary>
public sealed class AlphaVantageClient(
    IHttpClientFactory httpClientFactory, IOptions<AlphaVantageOptions> options, TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="HttpClient"/> this client uses.</summary>
    public const string HttpClientName = "AlphaVantage";

    private static readonly TimeSpan RetryAfterHttp429 = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxRetryAfterHttp429 = TimeSpan.FromHours(1);

    /// <summary>Asks Alpha Vantage for the series <paramref name="request"/> describes.</summary>
    /// <param name="request">The validated request.</param>
    /// <param name="apiKey">The key; sent upstream and nowhere else.</param>
    /// <param name="cancellationToken">Cancels the call when the caller goes away.</param>
    /// <returns>The answer, ready to write.</returns>
    /// <exception cref="UpstreamException">Alpha Vantage failed or reported an error.</exception>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> was cancelled.
    /// </exception>
    public async Task<QuoteAnswer> GetIntradayAsync(
        QuoteRequest request, string apiKey, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await SendAsync(client, QueryUri(request, apiKey), cancellationToken);

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = RetryAfter(response.Headers.RetryAfter, timeProvider.GetUtcNow())
                ?? RetryAfterHttp429;
            throw new UpstreamException(
                UpstreamFault.Throttled,
                "Alpha Vantage answered HTTP 429.",
                retryAfter < MaxRetryAfterHttp429 ? retryAfter : MaxRetryAfterHttp429);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new UpstreamException(
                UpstreamFault.BadResponse, $"Alpha Vantage answered HTTP {(int)response.StatusCode}.");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return IntradayResponse.Parse(body, timeProvider.GetUtcNow());
    }

    // RFC 9110 allows a number of seconds or an HTTP date; a date already past says nothing.
    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header switch
        {
            { Delta: { } delay } => delay,
            { Date: { } date } when date > now => date - now,
            _ => null,
        };

    private Uri QueryUri(QuoteRequest request, string apiKey)
    {
        // QueryString encodes each value, so no caller input can add or change a parameter.
        var query = QueryString.Create("function", "TIME_SERIES_INTRADAY")
            .Add("symbol", request.Symbol)
            .Add("interval", request.Interval)
            .Add("outputsize", request.OutputSize)
            .Add("datatype", "json");
        query = AddIfSet(query, "adjusted", request.Adjusted);
        query = AddIfSet(query, "extended_hours", request.ExtendedHours);
        if (request.Month is not null)
        {
            query = query.Add("month", request.Month);
        }

        query = query.Add("apikey", apiKey);
        return new UriBuilder(options.Value.BaseUrl) { Query = query.ToUriComponent() }.Uri;
    }

    private static QueryString AddIfSet(QueryString query, string name, bool? value) =>
        value is { } flag ? query.Add(name, flag ? "true" : "false") : query;

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(
                UpstreamFault.Timeout, "Alpha Vantage did not answer in time.", innerException: exception);
        }
        catch (HttpRequestException exception)
        {
            // The message names the host or the failure, never the URI with its query.
            throw new UpstreamException(
                UpstreamFault.BadResponse,
                "Alpha Vantage could not be reached or its answer was unreadable " +
                $"({exception.HttpRequestError}).",
                innerException: exception);
        }
    }
}
