using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Caching.Hybrid;

namespace QuoteFunction.Caching;

/// <summary>
/// Stores a <see cref="QuoteAnswer"/> in Redis as its latest bar's two fields, each prefixed by
/// its length, followed by the body's bytes unchanged.
/// </summary>
internal sealed class QuoteAnswerSerializer : IHybridCacheSerializer<QuoteAnswer>
{
    /// <inheritdoc />
    public QuoteAnswer Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new SequenceReader<byte>(source);
        var latestBarTime = ReadString(ref reader);
        var latestClose = ReadString(ref reader);
        return new QuoteAnswer(reader.UnreadSequence.ToArray(), latestBarTime, latestClose);
    }

    /// <inheritdoc />
    public void Serialize(QuoteAnswer value, IBufferWriter<byte> target)
    {
        WriteString(value.LatestBarTime, target);
        WriteString(value.LatestClose, target);
        target.Write(value.Body);
    }

    private static void WriteString(string? value, IBufferWriter<byte> target)
    {
        var bytes = value is null ? [] : Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32LittleEndian(target.GetSpan(4), value is null ? -1 : bytes.Length);
        target.Advance(4);
        target.Write(bytes);
    }

    private static string? ReadString(ref SequenceReader<byte> reader)
    {
        if (!reader.TryReadLittleEndian(out int length) || length < -1 || length > reader.Remaining)
        {
            throw new InvalidDataException("The cached answer is malformed.");
        }

        if (length == -1)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        return text;
    }
}
