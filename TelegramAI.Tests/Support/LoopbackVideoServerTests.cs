using System.Net;
using System.Net.Http.Headers;

namespace TelegramAI.Tests.Support;

public sealed class LoopbackVideoServerTests : IAsyncLifetime
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251))];

    private readonly HttpClient _client = new();
    private LoopbackVideoServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await LoopbackVideoServer.StartAsync(Token);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void It_listens_on_loopback_only() =>
        new Uri(_server.BaseAddress).Host.ShouldBe("127.0.0.1");

    [Fact]
    public async Task Content_comes_whole_with_its_type_and_length()
    {
        _server.Serve("/v.mp4", Content, "video/mp4");

        using var response = await _client.GetAsync(_server.Url("/v.mp4"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("video/mp4");
        response.Content.Headers.ContentLength.ShouldBe(Content.Length);
        response.Headers.AcceptRanges.ShouldContain("bytes");
        (await response.Content.ReadAsByteArrayAsync(Token)).ShouldBe(Content);
    }

    [Theory]
    [InlineData(10L, 19L, 10, 10)]
    [InlineData(99_990L, null, 99_990, 10)]
    [InlineData(null, 5L, 99_995, 5)]
    [InlineData(0L, 1_000_000L, 0, 100_000)]
    public async Task A_range_gives_206_and_just_those_bytes(long? from, long? to, int start, int count)
    {
        _server.Serve("/v.mp4", Content, "video/mp4");
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Url("/v.mp4"));
        request.Headers.Range = new RangeHeaderValue(from, to);

        using var response = await _client.SendAsync(request, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes {start}-{start + count - 1}/{Content.Length}");
        (await response.Content.ReadAsByteArrayAsync(Token)).ShouldBe(Content[start..(start + count)]);
    }

    [Fact]
    public async Task A_range_past_the_end_is_not_satisfiable()
    {
        _server.Serve("/v.mp4", Content, "video/mp4");
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Url("/v.mp4"));
        request.Headers.Range = new RangeHeaderValue(200_000, null);

        using var response = await _client.SendAsync(request, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task Head_gives_the_headers_without_the_body()
    {
        _server.Serve("/v.mp4", Content, "video/mp4");

        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, _server.Url("/v.mp4")), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBe(Content.Length);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("video/mp4");
    }

    [Fact]
    public async Task A_file_on_disk_is_served_as_it_is()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.FullPath, "f.bin");
        await File.WriteAllBytesAsync(file, Content, Token);
        _server.ServeFile("/f.bin", file, "application/octet-stream");

        (await _client.GetByteArrayAsync(_server.Url("/f.bin"), Token)).ShouldBe(Content);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Configured_failures_answer_with_their_status(HttpStatusCode status)
    {
        _server.Fail("/bad", status);

        using var response = await _client.GetAsync(_server.Url("/bad"), Token);

        response.StatusCode.ShouldBe(status);
    }

    [Fact]
    public async Task Requests_are_counted_per_path_including_unknown_ones()
    {
        _server.Serve("/v.mp4", Content, "video/mp4");

        (await _client.GetAsync(_server.Url("/v.mp4"), Token)).Dispose();
        (await _client.GetAsync(_server.Url("/v.mp4"), Token)).Dispose();
        using var missing = await _client.GetAsync(_server.Url("/nothing"), Token);

        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        _server.RequestCount("/v.mp4").ShouldBe(2);
        _server.RequestCount("/nothing").ShouldBe(1);
        _server.RequestCount("/never").ShouldBe(0);
    }

    [Fact]
    public async Task A_throttled_response_still_carries_every_byte()
    {
        _server.Serve("/slow.mp4", Content[..20_000], "video/mp4", new ServeOptions(BytesPerSecond: 200_000));

        (await _client.GetByteArrayAsync(_server.Url("/slow.mp4"), Token)).ShouldBe(Content[..20_000]);
    }

    [Fact]
    public async Task A_gate_holds_the_body_part_way_until_released()
    {
        var gate = new ResponseGate(afterBytes: 30_000);
        _server.Serve("/held.mp4", Content, "video/mp4", new ServeOptions(Gate: gate));

        using var response = await _client.GetAsync(_server.Url("/held.mp4"), HttpCompletionOption.ResponseHeadersRead, Token);
        await using var body = await response.Content.ReadAsStreamAsync(Token);
        var start = new byte[30_000];
        await body.ReadExactlyAsync(start, Token);
        await gate.Reached.WaitAsync(Token);
        var rest = body.ReadAsync(new byte[1], Token).AsTask();

        rest.IsCompleted.ShouldBeFalse();
        gate.Release();
        var remainder = new MemoryStream();
        remainder.WriteByte((await rest) == 1 ? Content[30_000] : throw new EndOfStreamException());
        await body.CopyToAsync(remainder, Token);

        start.ShouldBe(Content[..30_000]);
        remainder.ToArray().ShouldBe(Content[30_000..]);
    }
}
