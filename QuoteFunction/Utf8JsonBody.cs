using System.Text.Json;
using System.Text.Unicode;

namespace QuoteFunction;

/// <summary>Parses JSON bodies that callers and upstreams send as bytes.</summary>
internal static class Utf8JsonBody
{
    /// <summary>
    /// Parses <paramref name="body"/>, allowing a leading UTF-8 byte-order mark (some editors and
    /// recorders add one). Invalid UTF-8 is refused up front: string contents are not checked by
    /// the parser, and a raw copy of them would carry the bad bytes on.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not UTF-8 JSON.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        var json = body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body;
        return Utf8.IsValid(json.Span)
            ? JsonDocument.Parse(json)
            : throw new JsonException("The body is not valid UTF-8.");
    }
}
