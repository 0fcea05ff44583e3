using System.Net;

namespace TelegramAI.Telegram;

/// <summary>
/// A stream as request content that, unlike <see cref="StreamContent"/>, leaves the stream open:
/// the caller owns it, and a rate-limited upload is sent again from the same stream.
/// </summary>
internal sealed class UploadContent(Stream content) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        content.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        content.CopyToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = content.CanSeek ? content.Length - content.Position : 0;
        return content.CanSeek;
    }
}
