using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace QuoteFunction.Caching;

/// <summary>How answers are reused, bound from the <c>Cache</c> section.</summary>
public sealed class CacheOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cache";

    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(1);
    private static readonly Regex HostName = new("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$");

    /// <summary>How long an answer is reused. Default one minute; zero turns caching off.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A Redis endpoint (<c>host:port</c>, or StackExchange.Redis options) shared by all instances.
    /// Default empty: answers are cached in this instance's memory only.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Checks the options at start, so a bad deploy fails at cold start.</summary>
    internal sealed class Validator : IValidateOptions<CacheOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, CacheOptions options)
        {
            var builder = new ValidateOptionsResultBuilder();
            if (options.Ttl < TimeSpan.Zero || options.Ttl > MaxTtl)
            {
                builder.AddError(
                    $"Cache:Ttl must be from 00:00:00 (off) to 1.00:00:00 (one day); got {options.Ttl}.");
            }

            if (!string.IsNullOrWhiteSpace(options.Redis) && !IsRedisEndpoint(options.Redis))
            {
                builder.AddError("Cache:Redis must be a Redis endpoint such as 10.0.0.3:6379.");
            }

            return builder.Build();
        }

        private static bool IsRedisEndpoint(string value)
        {
            try
            {
                var endPoints = RedisSecondLevelCache.Configuration(value).EndPoints;
                return endPoints.Count > 0 && endPoints.All(endPoint => endPoint switch
                {
                    IPEndPoint => true,
                    DnsEndPoint dns => HostName.IsMatch(dns.Host),
                    _ => false,
                });
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
