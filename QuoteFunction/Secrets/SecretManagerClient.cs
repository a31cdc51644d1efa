using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;

namespace QuoteFunction.Secrets;

/// <summary>
/// Reads secret versions through the Secret Manager REST API (<c>v1/{name}:access</c>). The gRPC
/// client package is not available to this project; the REST call needs only a bearer token.
/// </summary>
public sealed class SecretManagerClient(
    IHttpClientFactory httpClientFactory,
    IAccessTokenSource tokenSource,
    IOptions<SecretManagerOptions> options)
{
    /// <summary>The name of the <see cref="HttpClient"/> this client uses.</summary>
    public const string HttpClientName = "SecretManager";

    // Transient faults are retried inside the client's pipeline; callers wait this long for
    // Secret Manager to come back before trying again.
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(10);

    /// <summary>The payload of a secret version, checked and with surrounding white space removed.</summary>
    /// <param name="versionName">The resource name, <c>projects/p/secrets/s/versions/v</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The secret's text; never log it.</returns>
    /// <exception cref="UpstreamException">The version cannot be read now
    /// (<see cref="UpstreamFault.SecretStoreUnavailable"/>) or at all
    /// (<see cref="UpstreamFault.KeyUnavailable"/>).</exception>
    public async Task<string> AccessAsync(string versionName, CancellationToken cancellationToken)
    {
        var token = await tokenSource.GetAccessTokenAsync(cancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Get, AccessUri(versionName));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await SendAsync(request, versionName, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        if (!response.IsSuccessStatusCode)
        {
            throw Failure(response.StatusCode, body, versionName);
        }

        return SecretPayload.Decode(body, versionName);
    }

    private Uri AccessUri(string versionName)
    {
        var endpoint = options.Value.Endpoint.AbsoluteUri;
        var baseUri = endpoint.EndsWith('/') ? endpoint : endpoint + "/";
        return new Uri($"{baseUri}v1/{versionName}:access");
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, string versionName, CancellationToken cancellationToken)
    {
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            return await client.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or ExecutionRejectedException
            || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(
                UpstreamFault.SecretStoreUnavailable,
                $"Secret Manager did not answer for {versionName} ({exception.GetType().Name}).",
                RetryAfterOutage,
                exception);
        }
    }

    private static UpstreamException Failure(HttpStatusCode status, byte[] body, string versionName)
    {
        var googleStatus = GoogleStatus(body) ?? status.ToString();
        var code = (int)status;
        if (code == 429 || code >= 500)
        {
            return new UpstreamException(
                UpstreamFault.SecretStoreUnavailable,
                $"Secret Manager is unavailable for {versionName}: {code} {googleStatus}.",
                RetryAfterOutage);
        }

        return new UpstreamException(
            UpstreamFault.KeyUnavailable,
            $"Secret Manager refused {versionName}: {code} {googleStatus}. {Advice(googleStatus)}");
    }

    private static string Advice(string googleStatus) => googleStatus switch
    {
        "PERMISSION_DENIED" =>
            "Grant roles/secretmanager.secretAccessor on the secret to the function's service " +
            "account, and check the secret's name and project.",
        "NOT_FOUND" => "Create the secret or version, or fix SecretManager__SecretId / __Version.",
        "FAILED_PRECONDITION" => "The version is disabled or destroyed: enable it or add a new one.",
        "UNAUTHENTICATED" => "The access token was refused: check the function's credentials.",
        _ => "Check the secret's configuration.",
    };

    // Google's error envelope: {"error": {"code": 403, "status": "PERMISSION_DENIED", ...}}.
    // Only the status is kept; the message is not needed to act and stays out of logs.
    private static string? GoogleStatus(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                ? SafeStatus(status.GetString())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? SafeStatus(string? status) =>
        status is { Length: > 0 and <= 40 } && status.All(c => c is (>= 'A' and <= 'Z') or '_')
            ? status
            : null;
}
