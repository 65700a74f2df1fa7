using System.Diagnostics;
using System.Net;
using Smsgw.Hosting;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary><c>smsgw serve --smpp smpp://…</c> as a separate process: the URL adds a connection and routes all traffic to it.</summary>
public sealed class ServeSmppOptionTests : IDisposable
{
    private readonly string _dataDirectory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_dataDirectory);

    [Fact]
    public async Task Serve_with_smpp_url_binds_to_the_smsc_and_sends_all_traffic_through_it()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var configuration = await TestStorage.ConfigurationAsync(_dataDirectory);
        Accounts.IssuedCredentials credentials;
        await using (var operators = await OperatorServices.OpenAsync(configuration, TestContext.Current.CancellationToken))
        {
            credentials = (await operators.Accounts.CreateAsync("smpp", TestContext.Current.CancellationToken))!;
        }
        var port = GatewayProcess.FreePort();
        using var server = await GatewayProcess.StartAsync(port, _dataDirectory, "--smpp", $"smpp://{FakeSmsc.SystemId}:{FakeSmsc.Password}@127.0.0.1:{smsc.EndPoint.Port}?window=20&ReconnectDelay=00:00:00.200", "--Smsgw:Outbound:PollInterval=00:00:00.100");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Add("X-Client-Id", credentials.ClientId);
            client.DefaultRequestHeaders.Add("X-Client-Secret", credentials.ClientSecret);
            await HttpJson.EventuallyAsync(async () =>
            {
                try
                {
                    return (await client.GetAsync("/health")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    Assert.False(server.HasExited, "smsgw serve exited");
                    return HttpStatusCode.ServiceUnavailable;
                }
            }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

            Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = "via --smpp", to = "32470123456", sender = "Cli" })).StatusCode);

            await HttpJson.EventuallyAsync(
                async () => (await (await client.GetAsync("/v1/conversation/32470123456")).JsonAsync()).GetProperty("conversation").EnumerateArray().ToList(),
                items => items.Count == 1 && items[0].GetProperty("deliveryStatus").GetString() == "DELIVERED", TimeSpan.FromSeconds(30));
            Assert.Equal("via --smpp", FakeSmsc.Text(Assert.Single(smsc.Accepted).Pdu));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }
}
