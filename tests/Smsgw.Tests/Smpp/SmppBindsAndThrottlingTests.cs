using System.Diagnostics;
using System.Globalization;
using System.Net;
using Smsgw.Carriers.Smpp;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Sessions;
using Smsgw.Storage;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>Several sessions under one carrier name, and throttled submits retried in place and in order, against a <see cref="FakeSmsc"/>.</summary>
public sealed class SmppBindsAndThrottlingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task WhenBoundSessionsAsync(FakeSmsc smsc, int count) =>
        HttpJson.EventuallyAsync(
            () => Task.FromResult(smsc.Server.Sessions.Count(s => s.State == SmppSessionState.BoundTrx)),
            n => n == count);

    private static Task WhenDeliveredAsync(HttpClient client, int count) =>
        HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync("/v1/message/history?limit=100")).JsonAsync(),
            h => h.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "DELIVERED") == count);

    private static async Task SendToManyAsync(HttpClient client, string text, string[] to)
    {
        var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Dictionary<string, string?> ThreeBinds(FakeSmsc smsc)
    {
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:Binds"] = "3";
        // One submit per session at a time: concurrent submits need the other sessions, and a dropped session has at
        // most one in flight (the one it is dropped on, which the SMSC did not take).
        settings["Smsgw:Smpp:Connections:0:WindowSize"] = "1";
        return settings;
    }

    [Fact]
    public async Task Three_binds_are_one_carrier_submits_spread_over_them_and_receipts_on_another_session_match()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { ReceiptsOnAnotherSession = true });
        await using var gateway = await TestGateway.StartAsync(ThreeBinds(smsc));
        using var client = gateway.Client();
        await WhenBoundSessionsAsync(smsc, 3);

        await SendToManyAsync(client, "three binds", [.. Enumerable.Range(0, 30).Select(i => $"324701202{i:00}")]);

        await WhenDeliveredAsync(client, 30);
        Assert.Equal(3, smsc.Binds);
        var accepted = smsc.Accepted.ToList();
        Assert.Equal(30, accepted.Count);
        Assert.True(accepted.Select(a => smsc.AcceptedOn[a.MessageId]).Distinct().Count() > 1, "every submit went over one session");
        // The SMSC records a receipt's session when its deliver_sm_resp comes back, after the gateway's commit made it DELIVERED.
        await HttpJson.EventuallyAsync(() => Task.FromResult(smsc.ReceiptsOn.Count), n => n == 30);
        Assert.All(accepted, a => Assert.NotSame(smsc.AcceptedOn[a.MessageId], smsc.ReceiptsOn[a.MessageId]));
        Assert.Equal(0, await gateway.Service<IMessageStore>().CountUnmatchedReceiptsAsync(Ct));
    }

    [Fact]
    public async Task With_one_of_three_sessions_dropped_the_others_carry_all_traffic_without_loss_or_duplicates()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { DropOnSubmit = 5 });
        var settings = ThreeBinds(smsc);
        // The dropped session stays down for the whole test: whatever is delivered went over the other two.
        settings["Smsgw:Smpp:Connections:0:ReconnectDelay"] = "00:00:30";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await WhenBoundSessionsAsync(smsc, 3);

        var to = Enumerable.Range(0, 30).Select(i => $"324701203{i:00}").ToArray();
        await SendToManyAsync(client, "one session drops", to);

        await WhenDeliveredAsync(client, 30);
        Assert.Equal(3, smsc.Binds);
        Assert.Equal(2, smsc.Server.Sessions.Count(s => s.State == SmppSessionState.BoundTrx));
        var receivers = smsc.Accepted.Select(a => a.Pdu.DestinationAddr).ToList();
        Assert.Equal(to.Order(), receivers.Order());
        Assert.Equal(0, await gateway.Service<IMessageStore>().CountUnmatchedReceiptsAsync(Ct));
    }

    [Fact]
    public async Task Two_binds_as_transmitter_and_receiver_are_four_sessions_and_deliver()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:Binds"] = "2";
        settings["Smsgw:Smpp:Connections:0:BindMode"] = "TransmitterAndReceiver";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await HttpJson.EventuallyAsync(() => Task.FromResult(smsc.Server.Sessions.Select(s => s.State).Order().ToList()),
            states => states.SequenceEqual([SmppSessionState.BoundTx, SmppSessionState.BoundTx, SmppSessionState.BoundRx, SmppSessionState.BoundRx]));

        await SendToManyAsync(client, "two pairs", [.. Enumerable.Range(0, 10).Select(i => $"324701204{i:00}")]);

        await WhenDeliveredAsync(client, 10);
        Assert.Equal(4, smsc.Binds);
        Assert.Equal(10, smsc.Accepted.Count);
    }

    [Fact]
    public async Task Three_binds_to_the_npm_smsc_which_sends_every_receipt_on_its_first_session_all_match_despite_throttling()
    {
        await using var sim = await SmscSim.StartAsync(new Dictionary<string, string> { ["THROTTLE_EVERY"] = "4" });
        var settings = sim.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:Binds"] = "3";
        settings["Smsgw:Smpp:Connections:0:WindowSize"] = "1";
        settings["Smsgw:Smpp:Connections:0:ThrottleDelay"] = "00:00:00.050";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await HttpJson.EventuallyAsync(async () => (await sim.StatsAsync()).GetProperty("bound").GetInt32(), n => n == 3);

        var to = Enumerable.Range(0, 20).Select(i => $"324701205{i:00}").ToArray();
        await SendToManyAsync(client, "npm binds", to);

        await WhenDeliveredAsync(client, 20);
        Assert.Equal(3, (await sim.StatsAsync()).GetProperty("binds").GetInt32());
        Assert.Equal(to.Order(), (await sim.MessagesAsync()).Select(m => m.GetProperty("to").GetString()!).Order());
        Assert.Equal(0, await gateway.Service<IMessageStore>().CountUnmatchedReceiptsAsync(Ct));
    }

    [Theory]
    [InlineData(CommandStatus.Throttled)]
    [InlineData(CommandStatus.MessageQueueFull)]
    public async Task Throttled_submits_are_retried_in_place_and_reach_the_smsc_in_accept_order_once_each(CommandStatus status)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { ThrottleEvery = 3, ThrottleStatus = status });
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Outbound:Workers"] = "1";
        settings["Smsgw:Smpp:Connections:0:WindowSize"] = "1";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        var sent = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            var text = $"in order {i}";
            await SendToManyAsync(client, text, ["32470123456"]);
            sent.Add(text);
        }

        await WhenDeliveredAsync(client, 15);
        Assert.Equal(sent, smsc.Accepted.Select(a => FakeSmsc.Text(a.Pdu)));
    }

    [Fact]
    public async Task A_connection_throttled_for_going_over_the_smscs_rate_paces_itself_to_it()
    {
        // 200 submits a second, in bursts of 20 at most. Held alone (50 ms here), the connection came back at full
        // speed with its whole window and had most of it refused, each time: pacing keeps it under the rate instead.
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { MaxSubmitsPerSecond = 200 });
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:WindowSize"] = "20";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        var first = Enumerable.Range(1, 400).Select(i => $"3247014{i:0000}").ToArray();
        await SendToManyAsync(client, "finding the rate", first);
        await HttpJson.EventuallyAsync(() => Task.FromResult(smsc.AcceptedCount), n => n == first.Length, TimeSpan.FromSeconds(30));
        var refusedFinding = smsc.Submits - smsc.AcceptedCount;

        var second = Enumerable.Range(401, 400).Select(i => $"3247014{i:0000}").ToArray();
        var started = Stopwatch.GetTimestamp();
        await SendToManyAsync(client, "at the rate", second);
        await HttpJson.EventuallyAsync(() => Task.FromResult(smsc.AcceptedCount), n => n == first.Length + second.Length, TimeSpan.FromSeconds(30));
        var took = Stopwatch.GetElapsedTime(started);
        var refusedAtRate = smsc.Submits - smsc.AcceptedCount - refusedFinding;

        Assert.True(refusedFinding > 0, "the SMSC never throttled: the test did not go over its rate");
        Assert.True(refusedAtRate < second.Length / 20, $"{refusedAtRate} of the second {second.Length} submits were throttled ({refusedFinding} of the first)");
        // ~2.5 s at the pace it settles at; a pace collapsed toward its floor (10 a second) would take 40 s.
        Assert.True(took < TimeSpan.FromSeconds(10), $"the second {second.Length} took {took.TotalSeconds:F1} s");

        // Tests in parallel share the process's meter and the carrier name: this gateway's throttles at least, and a pace.
        using var anonymous = gateway.AnonymousClient();
        var metrics = await (await anonymous.GetAsync("/metrics", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.True(PrometheusText.Sum(metrics, "smsgw_smpp_throttled_total{", "status=\"ESME_RTHROTTLED\"") >= refusedFinding + refusedAtRate, metrics);
        Assert.True(PrometheusText.Sum(metrics, "smsgw_smpp_pace_per_second{", "carrier=\"smsc\"") > 0, metrics);

        Assert.Equal([.. first, .. second], smsc.Accepted.Select(a => a.Pdu.DestinationAddr).Order());
        Assert.Equal(first.Length + second.Length, smsc.Accepted.Select(a => a.Pdu.DestinationAddr).Distinct().Count());
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("01:00:00", true)]
    [InlineData("01:00:00.001", false)] // the submit queue's hold timer could not wait out e.g. TimeSpan.MaxValue
    [InlineData("-00:00:00.001", false)]
    public void ThrottleDelay_is_between_zero_and_an_hour(string delay, bool valid)
    {
        var options = new SmppCarrierOptions
        {
            Connections = [new SmppConnectionOptions { Name = "smsc", ThrottleDelay = TimeSpan.Parse(delay, CultureInfo.InvariantCulture) }],
        };

        Assert.Equal(valid, SmppOptionsValidation.Validate(options) is null);
    }
}
