namespace QuoteFunction.Secrets;

/// <summary>Finds the Google Cloud project the function runs in.</summary>
public interface IProjectIdResolver
{
    /// <summary>
    /// The project id: <c>SecretManager:ProjectId</c>, else <c>GOOGLE_CLOUD_PROJECT</c>, else the
    /// metadata server's answer. Resolved once; a failed look-up is tried again next time.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the look-up itself goes on for others.</param>
    /// <returns>The project id.</returns>
    /// <exception cref="UpstreamException">No project is configured and the metadata server
    /// did not answer.</exception>
    Task<string> GetProjectIdAsync(CancellationToken cancellationToken);
}
