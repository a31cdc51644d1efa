using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QuoteFunction;

/// <summary>
/// Collects the caller's fields from the query string and, for Cloud Scheduler, from a JSON body
/// whatever its Content-Type (Scheduler sends <c>application/octet-stream</c> by default).
/// </summary>
internal static class QuoteInput
{
    /// <summary>The largest body read; larger ones are refused with 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] FieldNames =
        ["symbol", "interval", "outputsize", "adjusted", "extended_hours", "month"];

    /// <summary>The fields by name; the query wins over the body.</summary>
    /// <exception cref="BadHttpRequestException">The body is too large (413), not a JSON object,
    /// or a field is given twice or is not a string or boolean (400).</exception>
    public static async Task<Dictionary<string, string>> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is not null)
        {
            AddBodyFields(body, fields);
        }

        foreach (var name in FieldNames)
        {
            if (request.Query.TryGetValue(name, out var values))
            {
                fields[name] = values.Count == 1
                    ? values[0] ?? ""
                    : throw new BadHttpRequestException($"{name} is given more than once.");
            }
        }

        return fields;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        if (request.ContentLength == 0)
        {
            return null;
        }

        // Read through the pipe and stop as soon as the limit is passed, never buffering more.
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge();
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return IsBlank(body) ? null : body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static void AddBodyFields(byte[] body, Dictionary<string, string> fields)
    {
        try
        {
            using var document = Utf8JsonBody.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw NotJsonObject();
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (FieldNames.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    AddBodyField(property, fields);
                }
            }
        }
        catch (JsonException)
        {
            throw NotJsonObject();
        }
    }

    private static void AddBodyField(JsonProperty property, Dictionary<string, string> fields)
    {
        var value = property.Value.ValueKind switch
        {
            JsonValueKind.String => property.Value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => null,
            _ => throw new BadHttpRequestException($"{property.Name} in the body must be a string."),
        };

        if (value is not null && !fields.TryAdd(property.Name, value))
        {
            throw new BadHttpRequestException($"{property.Name} is given more than once in the body.");
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.Trim(" \t\r\n"u8).IsEmpty;

    private static BadHttpRequestException NotJsonObject() => new(
        "The body must be a JSON object such as {\"symbol\": \"IBM\"}, or empty.");

    private static BadHttpRequestException TooLarge() => new(
        $"The body is larger than {MaxBodyBytes / 1024} KiB.", StatusCodes.Status413PayloadTooLarge);
}
