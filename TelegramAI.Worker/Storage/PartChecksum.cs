using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace TelegramAI.Worker.Storage;

/// <summary>
/// The CRC-32 (IEEE 802.3, System.IO.Hashing's <see cref="Crc32"/>) of a part, in the form S3 writes
/// it in <c>x-amz-checksum-crc32</c> and <c>ChecksumCRC32</c>: base64 of its four bytes, big-endian.
/// </summary>
internal static class PartChecksum
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>The checksum of the next <paramref name="length"/> bytes of <paramref name="stream"/>.</summary>
    /// <exception cref="EndOfStreamException">The stream ends before <paramref name="length"/> bytes.</exception>
    public static async Task<string> OfAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        var crc = new Crc32();
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BufferSize, Math.Max(length, 1)));
        try
        {
            while (length > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
                if (read == 0)
                    throw new EndOfStreamException($"The stream ended {length} bytes short of the range to check.");
                crc.Append(buffer.AsSpan(0, read));
                length -= read;
            }

            return ToBase64(crc.GetCurrentHashAsUInt32());
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
}
