using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Configuration;
using QuoteFunction.Hosting;

namespace QuoteFunction.Secrets;

/// <summary>
/// Access tokens for the cloud-platform scope. On Google Cloud (<c>K_SERVICE</c> set) they come
/// straight from the metadata server (<c>GCE_METADATA_HOST</c> overrides its address);
/// elsewhere from Application Default Credentials: <c>gcloud auth application-default login</c>
/// or <c>GOOGLE_APPLICATION_CREDENTIALS</c>.
/// </summary>
internal sealed class ApplicationDefaultTokenSource : IAccessTokenSource
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    // The token call has its own retries and a long timeout; a caller is told 503 sooner.
    private static readonly TimeSpan TokenTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(5);

    private readonly bool onGoogleCloud;
    private readonly RetryableLazy<GoogleCredential> credential;

    /// <summary>Chooses the metadata server on Google Cloud and the ADC search elsewhere.</summary>
    /// <param name="configuration">Tells whether the function runs on Google Cloud.</param>
    public ApplicationDefaultTokenSource(IConfiguration configuration)
    {
        // The ADC search decides once per process whether a metadata server exists, so a slow
        // metadata server at cold start would leave the instance without credentials for good.
        onGoogleCloud = configuration.IsGoogleCloud();
        credential = onGoogleCloud
            ? new RetryableLazy<GoogleCredential>(() =>
                Task.FromResult(GoogleCredential.FromComputeCredential(new ComputeCredential())
                    .CreateScoped(CloudPlatformScope)))
            : new RetryableLazy<GoogleCredential>(async () =>
                (await GoogleCredential.GetApplicationDefaultAsync(CancellationToken.None))
                    .CreateScoped(CloudPlatformScope));
    }

    /// <inheritdoc />
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TokenTimeout);
        try
        {
            var scoped = await credential.GetAsync(timeout.Token);
            return await ((ITokenAccess)scoped).GetAccessTokenForRequestAsync(null, timeout.Token);
        }
        catch (InvalidOperationException exception) when (!onGoogleCloud)
        {
            throw new UpstreamException(
                UpstreamFault.KeyUnavailable,
                "No Application Default Credentials: locally run " +
                "'gcloud auth application-default login', or set GOOGLE_APPLICATION_CREDENTIALS.",
                innerException: exception);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the token call throws (the library has been seen to throw a
            // NullReferenceException on an empty 503), the credentials may work on the next try.
            throw new UpstreamException(
                UpstreamFault.SecretStoreUnavailable,
                $"No access token from the metadata server or token endpoint ({exception.GetType().Name}).",
                RetryAfterOutage,
                exception);
        }
    }
}
