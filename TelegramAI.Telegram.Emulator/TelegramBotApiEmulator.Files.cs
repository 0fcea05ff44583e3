using System.Net;

namespace TelegramAI.Telegram.Emulator;

// Files sent by URL: Telegram fetches them itself, up to 20 MB, and fails the call when it cannot
// (https://core.telegram.org/bots/api#sending-files). The stand-in fetches them too, so that a link the bot hands
// over is shown to work (or not) and the bytes that arrived can be checked. It fetches only from loopback
// addresses: like the whole stand-in, it never reaches beyond the machine.
public sealed partial class TelegramBotApiEmulator
{
    /// <summary>The largest file Telegram fetches by URL (https://core.telegram.org/bots/api#sending-files).</summary>
    public const long MaxDownloadBytes = 20L * 1024 * 1024;

    private readonly HttpClient fetchClient = new(new SocketsHttpHandler { AllowAutoRedirect = true, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <returns>The file's bytes.</returns>
    /// <exception cref="Refusal">400 "failed to get HTTP URL content" when the file cannot be fetched, is not on
    /// loopback, or is larger than <see cref="MaxDownloadBytes"/>.</exception>
    private async Task<byte[]> FetchByUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(url.DnsSafeHost, out var address) || !IPAddress.IsLoopback(address))
        {
            throw CannotFetch();
        }

        try
        {
            using var response = await fetchClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxDownloadBytes)
            {
                throw CannotFetch();
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxDownloadBytes)
                {
                    throw CannotFetch();
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException)
        {
            throw CannotFetch();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CannotFetch();
        }
    }

    private static Refusal CannotFetch() => Refusal.BadRequest("failed to get HTTP URL content");
}
