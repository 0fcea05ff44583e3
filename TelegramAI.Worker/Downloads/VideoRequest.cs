using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Worker.Downloads;

/// <summary>What to fetch: a link, or text whose first search result is the video.</summary>
public sealed record VideoRequest(RequestKind Kind, string Text)
{
    public static VideoRequest Url(string url) => new(RequestKind.Url, url);

    public static VideoRequest Search(string text) => new(RequestKind.Search, text);

    public static VideoRequest From(JobMessage job) => new(job.Kind, job.Request);
}
