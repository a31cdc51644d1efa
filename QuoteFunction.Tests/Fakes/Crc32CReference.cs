namespace QuoteFunction.Tests.Fakes;

/// <summary>CRC32C computed bit by bit from its definition, independent of the production code.</summary>
public static class Crc32CReference
{
    private const uint ReversedPolynomial = 0x82F63B78;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in data)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReversedPolynomial : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
