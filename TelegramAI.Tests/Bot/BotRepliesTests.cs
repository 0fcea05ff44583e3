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

    [Fact]
    public void A_site_that_refuses_the_server_is_not_told_as_a_passing_failure()
    {
        var reply = BotReplies.Failed(new JobFailure(FailureReason.BotCheck, "x"));

        reply.ShouldContain("refused my server");
        reply.ShouldNotContain("try again later", Case.Insensitive);
    }
}
