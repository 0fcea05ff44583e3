using System.IO.Hashing;
using System.Text;
using TelegramAI.Worker.Storage;

namespace TelegramAI.Tests.Worker;

/// <summary>The CRC-32 parts carry to S3: System.IO.Hashing's, in S3's base64 form.</summary>
public sealed class PartChecksumTests
{
    [Fact]
    public void The_check_value_of_the_standard_is_met()
    {
        // CRC-32/ISO-HDLC's published check: the CRC of the ASCII digits 1 to 9.
        Crc32.HashToUInt32("123456789"u8).ShouldBe(0xCBF43926u);
        Crc32.HashToUInt32([]).ShouldBe(0u);
    }

    [Fact]
    public void A_crc_carried_over_pieces_equals_the_crc_of_the_whole_at_every_split()
    {
        var bytes = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog, eight bytes at a time.");
        var whole = Crc32.HashToUInt32(bytes);

        for (var split = 0; split <= bytes.Length; split++)
        {
            var pieces = new Crc32();
            pieces.Append(bytes.AsSpan(0, split));
            pieces.Append(bytes.AsSpan(split));
            pieces.GetCurrentHashAsUInt32().ShouldBe(whole);
        }

        whole.ShouldBe(0xD186B1CFu); // as zlib computes it
    }

    [Fact]
    public async Task A_range_of_a_stream_is_written_as_S3_writes_it()
    {
        using var stream = new MemoryStream([.. "xx"u8, .. "123456789"u8, .. "yy"u8]) { Position = 2 };

        (await PartChecksum.OfAsync(stream, 9, TestContext.Current.CancellationToken)).ShouldBe(PartChecksum.ToBase64(0xCBF43926));
        PartChecksum.ToBase64(0xCBF43926).ShouldBe("y/Q5Jg==");
    }

    [Fact]
    public async Task A_stream_shorter_than_the_range_is_an_error()
    {
        using var stream = new MemoryStream("1234"u8.ToArray());

        await Should.ThrowAsync<EndOfStreamException>(() => PartChecksum.OfAsync(stream, 9, TestContext.Current.CancellationToken));
    }
}
