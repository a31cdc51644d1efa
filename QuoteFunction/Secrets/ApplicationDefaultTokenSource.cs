using Google;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace QuoteFunction.Secrets;

/// <summary>
/// Access tokens from Google.Apis.Auth's Application Default Credentials: on Cloud Functions the
/// metadata server (<c>GCE_METADATA_HOST</c> overrides its address), locally
/// <c>gcloud auth application-default login</c> or <c>GOOGLE_APPLICATION_CREDENTIALS</c>.
/// </summary>
internal sealed class ApplicationDefaultTokenSource : IAccessTokenSource
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    private readonly RetryableLazy<GoogleCredential> credential = new(LoadCredentialAsync);

    /// <inheritdoc />
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scoped = await credential.GetAsync(cancellationToken);
            return await ((ITokenAccess)scoped).GetAccessTokenForRequestAsync(null, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            throw new UpstreamException(
                UpstreamFault.KeyUnavailable,
                "No Application Default Credentials: on Google Cloud check the function's service " +
                "account; locally run 'gcloud auth application-default login'.",
                innerException: exception);
        }
        catch (Exception exception) when (exception is TokenResponseException or HttpRequestException
            or GoogleApiException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamException(
                UpstreamFault.SecretStoreUnavailable,
                $"The access token could not be fetched ({exception.GetType().Name}).",
                innerException: exception);
        }
    }

    private static async Task<GoogleCredential> LoadCredentialAsync()
    {
        var credential = await GoogleCredential.GetApplicationDefaultAsync(CancellationToken.None);
        return credential.CreateScoped(CloudPlatformScope);
    }
}
