using System.Text.Json;
using System.Text.Unicode;

namespace QuoteFunction;

/// <summary>Parses JSON bodies that callers and upstreams send as bytes.</summary>
internal static class Utf8JsonBody
{
    /// <summary>
    /// Parses <paramref name="body"/>, allowing a leading UTF-8 byte-order mark (some editors and
    /// recorders add one). Text that no string can hold is refused up front, because the parser
    /// checks neither the UTF-8 inside strings nor what their <c>\u</c> escapes decode to, and a
    /// raw copy of them would carry the fault on: invalid UTF-8, and escapes of a lone UTF-16
    /// surrogate such as <c>"\ud800"</c>, which would otherwise throw at the first read.
    /// </summary>
    /// <exception cref="JsonException">The bytes are not JSON text that decodes to Unicode.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        var json = body.Span.StartsWith("\uFEFF"u8) ? body[3..] : body;
        if (!Utf8.IsValid(json.Span))
        {
            throw new JsonException("The body is not valid UTF-8.");
        }

        var document = JsonDocument.Parse(json);
        if (json.Span.IndexOf("\\u"u8) >= 0 && !EscapesDecode(json.Span))
        {
            document.Dispose();
            throw new JsonException("The body escapes a lone UTF-16 surrogate.");
        }

        return document;
    }

    private static bool EscapesDecode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                    && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
