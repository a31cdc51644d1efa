using Microsoft.Extensions.Options;

namespace QuoteFunction.AlphaVantage;

/// <summary>How to reach Alpha Vantage, bound from the <c>AlphaVantage</c> section.</summary>
public sealed class AlphaVantageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "AlphaVantage";

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The query endpoint. Default <c>https://www.alphavantage.co/query</c>; tests point it at a
    /// local fake.
    /// </summary>
    public Uri BaseUrl { get; set; } = new("https://www.alphavantage.co/query");

    /// <summary>
    /// A key given directly, for local work. Default empty: the key is read from Secret Manager,
    /// or, outside Google Cloud with no project configured, the public <c>demo</c> key is used.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one upstream call may take, body included. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options at start, so a bad deploy fails at cold start.</summary>
    internal sealed class Validator : IValidateOptions<AlphaVantageOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, AlphaVantageOptions options)
        {
            var builder = new ValidateOptionsResultBuilder();
            if (!HttpAddress.IsValid(options.BaseUrl))
            {
                builder.AddError(
                    "AlphaVantage:BaseUrl must be an absolute http or https address; " +
                    $"got '{options.BaseUrl}'.");
            }

            if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
            {
                builder.AddError(
                    "AlphaVantage:Timeout must be from 0.1 to 300 seconds (hh:mm:ss); " +
                    $"got {options.Timeout.TotalSeconds} seconds.");
            }

            return builder.Build();
        }
    }
}
