using Microsoft.Extensions.Configuration;

namespace QuoteFunction.Hosting;

/// <summary>Tells from configuration whether the process runs on Google Cloud.</summary>
public static class GoogleCloudEnvironment
{
    /// <summary>
    /// The variable Cloud Functions (2nd gen) and Cloud Run set to the service's name.
    /// </summary>
    public const string ServiceVariable = "K_SERVICE";

    /// <summary>
    /// True when <c>K_SERVICE</c> is set, that is, on Cloud Functions or Cloud Run.
    /// </summary>
    /// <param name="configuration">Configuration that includes environment variables.</param>
    /// <returns>Whether the process runs on Google Cloud's serverless platform.</returns>
    public static bool IsGoogleCloud(this IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[ServiceVariable]);
}
