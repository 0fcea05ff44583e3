using TelegramAI.Bot.Conversation;
using TelegramAI.Contracts.Jobs;

namespace TelegramAI.Tests.Bot;

public sealed class BotRepliesTests
{
    [Fact]
    public void Every_failure_reason_has_words_of_its_own()
    {
        var replies = Enum.GetValues<FailureReason>().Select(reason => BotReplies.Failed(new JobFailure(reason, "worker's words"))).ToList();

        replies.ShouldAllBe(reply => reply != BotReplies.SomethingWentWrong);
        replies.Distinct().Count().ShouldBe(replies.Count);
    }

    [Theory]
    [InlineData(FailureReason.AgeRestricted, "age-restricted")]
    [InlineData(FailureReason.GeoRestricted, "isn't available in the country my server is in")]
    [InlineData(FailureReason.MembersOnly, "for the channel's members only")]
    [InlineData(FailureReason.LiveStream, "can't download a live stream")]
    [InlineData(FailureReason.NoUsableFormat, "offered no version of this video that I can download")]
    [InlineData(FailureReason.BotCheck, "the site refused my server")]
    public void A_failure_a_site_causes_says_what_the_site_did(FailureReason reason, string expected) =>
        BotReplies.Failed(new JobFailure(reason, "yt-dlp said: ERROR: something technical")).ShouldContain(expected);

    [Fact]
    public void A_site_that_refuses_the_server_is_not_told_as_a_passing_failure()
    {
        var reply = BotReplies.Failed(new JobFailure(FailureReason.BotCheck, "x"));

        reply.ShouldContain("refused my server");
        reply.ShouldNotContain("try again later", Case.Insensitive);
    }
}
