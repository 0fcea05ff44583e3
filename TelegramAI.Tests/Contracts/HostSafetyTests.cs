using System.Net;
using TelegramAI.Contracts.Links;

namespace TelegramAI.Tests.Contracts;

public sealed class HostSafetyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("224.0.0.1")]
    public void Loopback_private_link_local_and_multicast_addresses_are_private(string address) =>
        HostSafety.IsPrivate(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2a00:1450:4001:81c::200e")]
    public void Public_addresses_are_not(string address) =>
        HostSafety.IsPrivate(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("http://localhost:8080/video.mp4", true)]
    [InlineData("http://printer.local/", true)]
    [InlineData("http://2130706433/", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", false)]
    public void Links_are_judged_by_what_they_name(string link, bool isPrivate) =>
        HostSafety.IsPrivate(new Uri(link)).ShouldBe(isPrivate);
}
