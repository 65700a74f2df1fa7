using Microsoft.Extensions.Configuration;
using Smsgw.Carriers.Smpp;
using Smsgw.Cli;
using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary><c>smsgw serve --smpp URL</c>: each URL becomes one <c>Smsgw:Smpp:Connections</c> entry, read as the gateway reads its command line.</summary>
public sealed class ServeSmppUrlTests
{
    [Fact]
    public void Two_urls_become_two_connections_with_their_query_keys_and_the_first_is_the_default_carrier()
    {
        Assert.True(ServeCommand.TryParseSmppUrl("smpp://gw:s%40cret@smsc.example:2776?window=50&binds=4&throttledelay=00:00:02", 0, out var first, out _));
        Assert.True(ServeCommand.TryParseSmppUrl("smpp://other:pw@10.0.0.2?name=backup&BindMode=TransmitterAndReceiver", 1, out var second, out _));

        var configuration = new ConfigurationBuilder().AddCommandLine([.. first, .. second]).Build();

        var connections = configuration.GetSection(SmppCarrierOptions.Section).Get<SmppCarrierOptions>()!.Connections;
        Assert.Equal(2, connections.Count);
        var (a, b) = (connections[0], connections[1]);
        Assert.Equal(("smpp", "smsc.example", 2776, "gw", "s@cret"), (a.Name, a.Host, a.Port, a.SystemId, a.Password));
        Assert.Equal((50, 4, TimeSpan.FromSeconds(2)), (a.WindowSize, a.Binds, a.ThrottleDelay));
        Assert.Equal(("backup", "10.0.0.2", 2775, "other", "pw"), (b.Name, b.Host, b.Port, b.SystemId, b.Password));
        Assert.Equal((SmppConnectionBindMode.TransmitterAndReceiver, 1, 10), (b.BindMode, b.Binds, b.WindowSize));
        Assert.Equal("smpp", configuration["Smsgw:Carriers:Default"]);
    }

    [Theory]
    [InlineData("smpp://gw:topsecret@")]
    [InlineData("http://gw:topsecret@smsc.example:2775")]
    [InlineData("smpp://gw:top/secret@smsc.example:2775")]
    [InlineData("gw:topsecret@smsc.example:2775")]
    [InlineData("smpp://gw:topsecret")]
    [InlineData("http://gw@smsc.example:2775?password=topsecret")]
    public async Task A_bad_url_exits_1_with_an_error_that_does_not_show_the_password(string url)
    {
        var result = await CliRunner.RunAsync("serve", "--smpp", url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not smpp://SYSTEM_ID:PASSWORD@HOST:PORT", result.Stderr);
        Assert.DoesNotContain("secret", result.Stderr);
        Assert.Contains("***", result.Stderr);
        Assert.Equal("", result.Stdout);
    }
}
