using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Polly;

namespace QuoteFunction.Secrets;

/// <summary>
/// The project from configuration, else from the metadata server: Cloud Functions no longer sets
/// a project variable, and the metadata server always knows.
/// </summary>
internal sealed class ProjectIdResolver : IProjectIdResolver
{
    /// <summary>The name of the <see cref="HttpClient"/> used for the metadata server.</summary>
    public const string HttpClientName = "MetadataServer";

    // Read by Google's client libraries too, so one variable moves every metadata call.
    private const string MetadataHostVariable = "GCE_METADATA_HOST";
    private const string DefaultMetadataHost = "metadata.google.internal";
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(5);

    private readonly IHttpClientFactory httpClientFactory;
    private readonly string metadataHost;
    private readonly RetryableLazy<string> projectId;

    public ProjectIdResolver(
        IOptions<SecretManagerOptions> options,
        IConfiguration configuration,
        IHttpClientFactory httpClientFactory)
    {
        this.httpClientFactory = httpClientFactory;
        metadataHost = configuration[MetadataHostVariable] is { Length: > 0 } host
            ? host
            : DefaultMetadataHost;
        var configured = options.Value.ProjectId;
        projectId = new RetryableLazy<string>(() =>
            string.IsNullOrEmpty(configured) ? AskMetadataServerAsync() : Task.FromResult(configured));
    }

    /// <inheritdoc />
    public Task<string> GetProjectIdAsync(CancellationToken cancellationToken) =>
        projectId.GetAsync(cancellationToken);

    private async Task<string> AskMetadataServerAsync()
    {
        string answer;
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(
                HttpMethod.Get, $"http://{metadataHost}/computeMetadata/v1/project/project-id");
            request.Headers.Add("Metadata-Flavor", "Google");
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            answer = (await response.Content.ReadAsStringAsync()).Trim();
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException
            or ExecutionRejectedException or UriFormatException or InvalidOperationException)
        {
            throw new UpstreamException(
                UpstreamFault.SecretStoreUnavailable,
                "The metadata server did not give the project id; set SecretManager__ProjectId " +
                $"or GOOGLE_CLOUD_PROJECT ({exception.GetType().Name}).",
                RetryAfterOutage,
                exception);
        }

        return Regex.IsMatch(answer, SecretNames.ProjectIdPattern)
            ? answer
            : throw new UpstreamException(
                UpstreamFault.KeyUnavailable,
                "The metadata server's project id is not a valid project id; set SecretManager__ProjectId.");
    }
}
