using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace QuoteFunction.Secrets;

/// <summary>Where the Alpha Vantage key is kept, bound from the <c>SecretManager</c> section.</summary>
public sealed class SecretManagerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "SecretManager";

    /// <summary>
    /// The project that holds the secret. Default: <c>GOOGLE_CLOUD_PROJECT</c>, else the metadata
    /// server's project id.
    /// </summary>
    public string? ProjectId { get; set; }

    /// <summary>The secret's name. Default <c>alpha-vantage-key</c>.</summary>
    public string SecretId { get; set; } = "alpha-vantage-key";

    /// <summary>A version number or an alias. Default <c>latest</c>.</summary>
    public string Version { get; set; } = "latest";

    /// <summary>
    /// The REST API's base address. Default <c>https://secretmanager.googleapis.com/</c>; tests
    /// point it at a local fake.
    /// </summary>
    public Uri Endpoint { get; set; } = new("https://secretmanager.googleapis.com/");

    /// <summary>
    /// Checks the options at start: each part of the secret's name goes into a request path, so a
    /// value outside Google's rules is refused rather than sent.
    /// </summary>
    internal sealed class Validator : IValidateOptions<SecretManagerOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, SecretManagerOptions options)
        {
            var builder = new ValidateOptionsResultBuilder();
            if (!string.IsNullOrEmpty(options.ProjectId)
                && !Regex.IsMatch(options.ProjectId, SecretNames.ProjectIdPattern))
            {
                builder.AddError(
                    $"SecretManager:ProjectId (or GOOGLE_CLOUD_PROJECT) must be a project id such as " +
                    $"'my-project' or a project number; got '{options.ProjectId}'.");
            }

            if (!Regex.IsMatch(options.SecretId ?? "", SecretNames.SecretIdPattern))
            {
                builder.AddError(
                    "SecretManager:SecretId must be 1 to 255 letters, digits, '-' or '_'; " +
                    $"got '{options.SecretId}'.");
            }

            if (!Regex.IsMatch(options.Version ?? "", SecretNames.VersionPattern))
            {
                builder.AddError(
                    "SecretManager:Version must be 'latest', a version number or an alias; " +
                    $"got '{options.Version}'.");
            }

            if (!HttpAddress.IsValid(options.Endpoint))
            {
                builder.AddError(
                    "SecretManager:Endpoint must be an absolute http or https address; " +
                    $"got '{options.Endpoint}'.");
            }

            return builder.Build();
        }
    }
}
