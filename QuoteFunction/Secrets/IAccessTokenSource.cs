namespace QuoteFunction.Secrets;

/// <summary>Supplies OAuth access tokens for Google APIs.</summary>
public interface IAccessTokenSource
{
    /// <summary>A token valid for the cloud-platform scope; cached and refreshed by the source.</summary>
    /// <param name="cancellationToken">Stops waiting for the token.</param>
    /// <returns>The bearer token; never log it.</returns>
    /// <exception cref="UpstreamException">No credentials are available, or the token server
    /// failed.</exception>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}
