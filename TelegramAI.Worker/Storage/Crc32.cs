using System.Buffers;
using System.Buffers.Binary;

namespace TelegramAI.Worker.Storage;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum S3 calls CRC32 and returns for
/// every part sent with one. The package that ships it (System.IO.Hashing) is not served to this project.
/// Eight bytes a step with eight tables ("slicing by 8"), which keeps checking a gigabyte under a second.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private const int BufferSize = 1024 * 1024;

    // Table k maps a byte to the CRC of that byte followed by k zero bytes.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>The CRC of the bytes before, carried over <paramref name="data"/>; 0 is the CRC of nothing.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var tables = Tables.AsSpan();
        crc = ~crc;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = tables[(7 * 256) + (int)(low & 0xFF)] ^ tables[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ tables[(5 * 256) + (int)((low >> 16) & 0xFF)] ^ tables[(4 * 256) + (int)(low >> 24)]
                ^ tables[(3 * 256) + (int)(high & 0xFF)] ^ tables[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ tables[256 + (int)((high >> 16) & 0xFF)] ^ tables[(int)(high >> 24)];
            data = data[8..];
        }

        foreach (var value in data)
            crc = tables[(int)((crc ^ value) & 0xFF)] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>The CRC of the next <paramref name="length"/> bytes of <paramref name="stream"/>, as S3 writes it: base64 of its four bytes, big-endian.</summary>
    public static async Task<string> OfAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BufferSize, Math.Max(length, 1)));
        try
        {
            uint crc = 0;
            while (length > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
                if (read == 0)
                    throw new EndOfStreamException($"The stream ended {length} bytes short of the range to check.");
                crc = Append(crc, buffer.AsSpan(0, read));
                length -= read;
            }

            return ToBase64(crc);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string ToBase64(uint crc)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return Convert.ToBase64String(bytes);
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint value = 0; value < 256; value++)
        {
            var crc = value;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            tables[value] = crc;
        }

        for (var table = 1; table < 8; table++)
        {
            for (var value = 0; value < 256; value++)
            {
                var previous = tables[((table - 1) * 256) + value];
                tables[(table * 256) + value] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }

        return tables;
    }
}
