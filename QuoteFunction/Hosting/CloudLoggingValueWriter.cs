using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace QuoteFunction.Hosting;

/// <summary>
/// Writes a message-template value as the JSON value Cloud Logging can filter on: numbers as
/// numbers, booleans as booleans, null as null, anything else as text.
/// </summary>
internal static class CloudLoggingValueWriter
{
    /// <summary>Writes <paramref name="value"/> after a property name.</summary>
    /// <remarks>NaN and infinities, which JSON cannot hold, become text; times are written in
    /// ISO 8601; other values are formatted with the invariant culture.</remarks>
    public static void WriteLoggedValue(this Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case sbyte or short or int or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case byte or ushort or uint or ulong:
                json.WriteNumberValue(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                break;
            case decimal number:
                json.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                json.WriteStringValue(time);
                break;
            case DateTime time:
                json.WriteStringValue(time);
                break;
            case IFormattable formattable:
                json.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case IEnumerable items:
                // As the message shows a list, rather than as the list's type name.
                json.WriteStringValue(string.Join(", ", items.Cast<object?>()));
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }
}
