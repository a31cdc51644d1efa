using System.Numerics;
using System.Text;
using System.Text.Json;

namespace QuoteFunction.Secrets;

/// <summary>Turns Secret Manager's access response into the key it holds.</summary>
internal static class SecretPayload
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>
    /// Decodes <c>payload.data</c>, checks it against <c>payload.dataCrc32c</c> when given, and
    /// trims white space, line ends and byte-order marks around it.
    /// </summary>
    /// <exception cref="UpstreamException">The body is malformed, the checksum differs, or
    /// nothing is left after trimming (<see cref="UpstreamFault.KeyUnavailable"/>).</exception>
    public static string Decode(ReadOnlySpan<byte> body, string versionName)
    {
        byte[] data;
        string? expectedCrc32c;
        try
        {
            var response = JsonSerializer.Deserialize(body, SecretJsonContext.Default.AccessResponse);
            data = Convert.FromBase64String(response?.Payload?.Data ?? throw new FormatException());
            expectedCrc32c = response.Payload.DataCrc32c;
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            throw Unusable(versionName, "the response holds no base64 payload");
        }

        if (expectedCrc32c is not null
            && (!uint.TryParse(expectedCrc32c, out var expected) || expected != Crc32C(data)))
        {
            throw Unusable(versionName, "the payload does not match its CRC32C checksum");
        }

        var key = Trim(Encoding.UTF8.GetString(data));
        return key.Length > 0 ? key : throw Unusable(versionName, "the payload is empty");
    }

    /// <summary>CRC32C (Castagnoli) as Secret Manager computes it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var value in data)
        {
            crc = BitOperations.Crc32C(crc, value);
        }

        return ~crc;
    }

    /// <summary>
    /// Removes white space and byte-order marks at both ends: a key saved with <c>echo</c> ends in a
    /// newline, and one saved by some editors starts with a byte-order mark.
    /// </summary>
    public static string Trim(string value)
    {
        var span = value.AsSpan();
        while (span.Length > 0 && (char.IsWhiteSpace(span[0]) || span[0] == ByteOrderMark))
        {
            span = span[1..];
        }

        while (span.Length > 0 && (char.IsWhiteSpace(span[^1]) || span[^1] == ByteOrderMark))
        {
            span = span[..^1];
        }

        return span.Length == value.Length ? value : span.ToString();
    }

    private static UpstreamException Unusable(string versionName, string reason) =>
        new(UpstreamFault.KeyUnavailable, $"The secret {versionName} is unusable: {reason}.");

    /// <summary>The body of <c>v1/{name}:access</c>.</summary>
    /// <param name="Name">The concrete version that an alias such as <c>latest</c> resolved to.</param>
    /// <param name="Payload">The secret's data.</param>
    internal sealed record AccessResponse(string? Name, PayloadData? Payload);

    /// <summary>The <c>payload</c> object: base64 data and its CRC32C as a decimal string.</summary>
    /// <param name="Data">The secret's bytes, base64-encoded.</param>
    /// <param name="DataCrc32c">The CRC32C of the decoded bytes, as a decimal string.</param>
    internal sealed record PayloadData(string? Data, string? DataCrc32c);
}
