using System.Text.Json.Serialization;

namespace QuoteFunction.Secrets;

/// <summary>Source-generated JSON for Secret Manager's access response.</summary>
[JsonSerializable(typeof(SecretPayload.AccessResponse))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SecretJsonContext : JsonSerializerContext
{
}
