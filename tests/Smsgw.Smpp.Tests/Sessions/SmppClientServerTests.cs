using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Sessions;

/// <summary>Both roles of the library against each other over real loopback TCP.</summary>
public sealed class SmppClientServerTests
{
    private static readonly TimeSpan Timeout = RawPeer.Timeout;

    [Fact]
    public async Task Bind_then_submit_returns_the_message_id_of_the_submit_handler()
    {
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions());

        var bound = await client.BindAsync().WaitAsync(Timeout);
        var response = await client.SubmitAsync(SamplePdus.Submit()).WaitAsync(Timeout);

        Assert.Equal(CommandStatus.Ok, bound.CommandStatus);
        Assert.Equal("TestSMSC", bound.SystemId);
        Assert.Equal(SmppSessionState.BoundTrx, client.Session.State);
        Assert.Equal(CommandStatus.Ok, response.CommandStatus);
        Assert.Equal("msg-1", response.MessageId);
        var received = Assert.Single(smsc.Submits);
        Assert.Equal("32470123456", received.DestinationAddr);
        Assert.Equal(SamplePdus.Submit().Tlvs, received.Tlvs);
        var serverSession = Assert.Single(smsc.Server.Sessions);
        Assert.Equal("esme01", serverSession.SystemId);
        Assert.Equal(SmppSessionState.BoundTrx, serverSession.State);
    }

    [Fact]
    public async Task Bind_with_a_wrong_password_is_refused_and_the_session_stays_open()
    {
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions(password: "wrong"));

        var response = await client.BindAsync().WaitAsync(Timeout);

        Assert.Equal(CommandStatus.InvalidPassword, response.CommandStatus);
        Assert.Equal(SmppSessionState.Open, client.Session.State);
        Assert.Equal(SmppSessionState.Open, Assert.Single(smsc.Server.Sessions).State);
    }

    [Fact]
    public async Task Submit_before_bind_is_answered_with_invalid_bind_status()
    {
        await using var smsc = new SmppTestServer();
        await using var peer = await RawPeer.ConnectAsync(smsc.EndPoint);

        await peer.SendAsync(SamplePdus.Submit());
        var response = await peer.ReceiveAsync<SubmitSmResp>();

        Assert.Equal(CommandStatus.InvalidBindStatus, response.CommandStatus);
        Assert.Equal(0x7FFFFFFFu, response.SequenceNumber);
        Assert.Empty(smsc.Submits);
    }

    [Fact]
    public async Task A_second_bind_on_a_bound_session_is_answered_already_bound()
    {
        await using var smsc = new SmppTestServer();
        await using var peer = await RawPeer.ConnectAsync(smsc.EndPoint);
        Assert.Equal(CommandStatus.Ok, (await peer.BindAsync()).CommandStatus);

        var second = await peer.BindAsync();

        Assert.IsType<BindTransceiverResp>(second);
        Assert.Equal(CommandStatus.AlreadyBound, second.CommandStatus);
    }

    [Fact]
    public async Task Enquire_link_is_answered_before_and_after_bind()
    {
        await using var smsc = new SmppTestServer();
        await using var peer = await RawPeer.ConnectAsync(smsc.EndPoint);

        await peer.SendAsync(new EnquireLink { SequenceNumber = 41 });
        var beforeBind = await peer.ReceiveAsync<EnquireLinkResp>();
        await peer.BindAsync();
        await peer.SendAsync(new EnquireLink { SequenceNumber = 42 });
        var afterBind = await peer.ReceiveAsync<EnquireLinkResp>();

        Assert.Equal((41u, CommandStatus.Ok), (beforeBind.SequenceNumber, beforeBind.CommandStatus));
        Assert.Equal((42u, CommandStatus.Ok), (afterBind.SequenceNumber, afterBind.CommandStatus));
    }

    [Fact]
    public async Task Unbind_from_the_client_closes_both_sessions()
    {
        await using var smsc = new SmppTestServer();
        var client = await SmppClient.ConnectAsync(smsc.ClientOptions());
        await client.BindAsync().WaitAsync(Timeout);
        var serverSession = Assert.Single(smsc.Server.Sessions);

        await client.UnbindAsync().WaitAsync(Timeout);
        await serverSession.Completion.WaitAsync(Timeout);

        Assert.Equal(SmppSessionState.Closed, client.Session.State);
        Assert.Equal("unbound", client.Session.CloseReason);
        Assert.Equal(SmppSessionState.Closed, serverSession.State);
        Assert.Equal("unbound by the peer", serverSession.CloseReason);
    }

    [Fact]
    public async Task Unbind_from_the_peer_is_answered_then_the_connection_closes()
    {
        await using var smsc = new SmppTestServer();
        await using var peer = await RawPeer.ConnectAsync(smsc.EndPoint);
        await peer.BindAsync();

        await peer.SendAsync(new Unbind { SequenceNumber = 9 });
        var response = await peer.ReceiveAsync<UnbindResp>();

        Assert.Equal(9u, response.SequenceNumber);
        Assert.Null(await peer.ReceiveAsync());
    }

    [Fact]
    public async Task Deliver_sm_handler_is_awaited_before_the_deliver_sm_resp_is_written()
    {
        var events = new ConcurrentQueue<string>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DeliverSm? received = null;
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions(), async (deliverSm, cancellationToken) =>
        {
            received = deliverSm;
            entered.SetResult();
            await stored.Task.WaitAsync(cancellationToken);
            events.Enqueue("stored");
            return CommandStatus.ReceiverTemporaryError;
        });
        await client.BindAsync().WaitAsync(Timeout);
        var receiver = smsc.Server.FindReceiver("esme01");
        Assert.NotNull(receiver);

        var delivery = receiver.SendRequestAsync(SamplePdus.All["deliver_sm"]());
        await entered.Task.WaitAsync(Timeout);
        Assert.False(delivery.IsCompleted);
        stored.SetResult();
        var response = await delivery.WaitAsync(Timeout);
        events.Enqueue("answered");

        Assert.Equal(["stored", "answered"], events);
        var resp = Assert.IsType<DeliverSmResp>(response);
        Assert.Equal(CommandStatus.ReceiverTemporaryError, resp.CommandStatus);
        Assert.Equal("32470123456", received!.SourceAddr);
    }

    [Fact]
    public async Task Data_sm_handler_is_awaited_before_the_data_sm_resp_is_written_and_its_status_returned()
    {
        var events = new ConcurrentQueue<string>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DataSm? received = null;
        var deliverSmCalled = false;
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(
            smsc.ClientOptions(),
            onDeliverSm: (_, _) =>
            {
                deliverSmCalled = true;
                return ValueTask.FromResult(CommandStatus.Ok);
            },
            onDataSm: async (dataSm, cancellationToken) =>
            {
                received = dataSm;
                entered.SetResult();
                await stored.Task.WaitAsync(cancellationToken);
                events.Enqueue("stored");
                return CommandStatus.ReceiverTemporaryError;
            });
        await client.BindAsync().WaitAsync(Timeout);
        var receiver = smsc.Server.FindReceiver("esme01");
        Assert.NotNull(receiver);

        var delivery = receiver.SendRequestAsync(SamplePdus.All["data_sm"]());
        await entered.Task.WaitAsync(Timeout);
        Assert.False(delivery.IsCompleted);
        stored.SetResult();
        var response = await delivery.WaitAsync(Timeout);
        events.Enqueue("answered");

        Assert.Equal(["stored", "answered"], events);
        var resp = Assert.IsType<DataSmResp>(response);
        Assert.Equal(CommandStatus.ReceiverTemporaryError, resp.CommandStatus);
        Assert.Equal("12345", received!.SourceAddr);
        Assert.Equal(((DataSm)SamplePdus.All["data_sm"]()).Tlvs, received.Tlvs);
        Assert.False(deliverSmCalled);
    }

    [Fact]
    public async Task Data_sm_handler_that_throws_is_answered_with_system_error_and_the_session_stays_bound()
    {
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(
            smsc.ClientOptions(),
            onDataSm: (_, _) => throw new InvalidOperationException("store down"));
        await client.BindAsync().WaitAsync(Timeout);
        var receiver = smsc.Server.FindReceiver("esme01");
        Assert.NotNull(receiver);

        var response = await receiver.SendRequestAsync(SamplePdus.All["data_sm"]()).WaitAsync(Timeout);

        Assert.Equal(CommandStatus.SystemError, Assert.IsType<DataSmResp>(response).CommandStatus);
        Assert.Equal(SmppSessionState.BoundTrx, client.Session.State);
    }

    [Fact]
    public async Task Data_sm_without_a_handler_is_answered_with_invalid_command_id()
    {
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions());
        await client.BindAsync().WaitAsync(Timeout);
        var receiver = smsc.Server.FindReceiver("esme01");
        Assert.NotNull(receiver);

        var response = await receiver.SendRequestAsync(SamplePdus.All["data_sm"]()).WaitAsync(Timeout);

        Assert.Equal(CommandStatus.InvalidCommandId, Assert.IsType<DataSmResp>(response).CommandStatus);
    }

    [Fact]
    public async Task A_full_window_holds_the_next_request_until_a_response_frees_a_slot()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var smsc = new SmppTestServer(beforeSubmitAnswer: submit => submit.DestinationAddr == "1" ? release.Task : Task.CompletedTask);
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions(session: new SmppSessionOptions { WindowSize = 2 }));
        await client.BindAsync().WaitAsync(Timeout);

        var first = client.SubmitAsync(Submit("1"));
        var second = client.SubmitAsync(Submit("2"));
        await smsc.WaitForSubmitsAsync(2);
        var third = client.SubmitAsync(Submit("3"));

        Assert.Equal(CommandStatus.Ok, (await second.WaitAsync(Timeout)).CommandStatus);
        Assert.Equal(CommandStatus.Ok, (await third.WaitAsync(Timeout)).CommandStatus);
        Assert.False(first.IsCompleted);
        Assert.Equal(1, client.Session.PendingRequests);

        var fourth = client.SubmitAsync(Submit("1"));
        var fifth = client.SubmitAsync(Submit("5"));
        await smsc.WaitForSubmitsAsync(2); // the third and the fourth got slots; the fifth waits for one
        Assert.Equal(2, client.Session.PendingRequests);
        Assert.False(fifth.IsCompleted);
        Assert.Equal(4, smsc.Submits.Count);

        release.SetResult();
        await Task.WhenAll(first, fourth, fifth).WaitAsync(Timeout);
        Assert.Equal(5, smsc.Submits.Count);
        Assert.Equal(0, client.Session.PendingRequests);
    }

    [Fact]
    public async Task An_unanswered_request_fails_with_a_timeout_when_the_response_timeout_passes()
    {
        var time = new FakeTimeProvider();
        var never = new TaskCompletionSource();
        await using var smsc = new SmppTestServer(beforeSubmitAnswer: _ => never.Task);
        var options = new SmppSessionOptions { ResponseTimeout = TimeSpan.FromSeconds(5), EnquireLinkInterval = TimeSpan.Zero };
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions(session: options), timeProvider: time);
        await client.BindAsync().WaitAsync(Timeout);

        var submit = client.SubmitAsync(SamplePdus.Submit());
        await smsc.WaitForSubmitsAsync(1);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(submit.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<SmppResponseTimeoutException>(() => submit.WaitAsync(Timeout));
        Assert.Equal(0, client.Session.PendingRequests);
        Assert.Equal(SmppSessionState.BoundTrx, client.Session.State);
    }

    [Fact]
    public async Task Closing_the_session_fails_every_pending_request_with_the_reason()
    {
        var never = new TaskCompletionSource();
        await using var smsc = new SmppTestServer(beforeSubmitAnswer: _ => never.Task);
        var client = await SmppClient.ConnectAsync(smsc.ClientOptions());
        await client.BindAsync().WaitAsync(Timeout);
        var pending = Enumerable.Range(0, 3).Select(_ => client.SubmitAsync(SamplePdus.Submit())).ToArray();
        await smsc.WaitForSubmitsAsync(3);

        await client.DisposeAsync();

        foreach (var request in pending)
        {
            var exception = await Assert.ThrowsAsync<SmppSessionClosedException>(() => request.WaitAsync(Timeout));
            Assert.Contains("disposed", exception.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<SmppSessionClosedException>(() => client.SubmitAsync(SamplePdus.Submit()));
    }

    [Fact]
    public async Task The_peer_closing_the_connection_fails_pending_requests_and_closes_the_session()
    {
        var never = new TaskCompletionSource();
        var smsc = new SmppTestServer(beforeSubmitAnswer: _ => never.Task);
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions());
        await client.BindAsync().WaitAsync(Timeout);
        var submit = client.SubmitAsync(SamplePdus.Submit());
        await smsc.WaitForSubmitsAsync(1);

        await smsc.DisposeAsync();

        await Assert.ThrowsAsync<SmppSessionClosedException>(() => submit.WaitAsync(Timeout));
        await client.Session.Completion.WaitAsync(Timeout);
        Assert.Equal(SmppSessionState.Closed, client.Session.State);
    }

    [Fact]
    public async Task Sequence_numbers_wrap_from_0x7FFFFFFF_to_1()
    {
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions());
        await client.BindAsync().WaitAsync(Timeout);
        client.Session.NextSequenceNumber = 0x7FFFFFFF;

        await client.SubmitAsync(Submit("1")).WaitAsync(Timeout);
        await client.SubmitAsync(Submit("2")).WaitAsync(Timeout);

        Assert.Equal([0x7FFFFFFFu, 1u], smsc.Submits.Select(s => s.SequenceNumber));
    }

    [Fact]
    public async Task A_request_with_a_field_over_its_maximum_fails_in_the_caller_and_sends_nothing()
    {
        await using var smsc = new SmppTestServer();
        await using var client = await SmppClient.ConnectAsync(smsc.ClientOptions());
        await client.BindAsync().WaitAsync(Timeout);
        var submit = SamplePdus.Submit();
        submit.DestinationAddr = new string('9', 21);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(submit));

        Assert.Equal(0, client.Session.PendingRequests);
        Assert.Equal("msg-1", (await client.SubmitAsync(SamplePdus.Submit()).WaitAsync(Timeout)).MessageId);
    }

    [Fact]
    public async Task Keep_alive_sends_enquire_link_while_bound_and_an_unanswered_one_breaks_the_session()
    {
        var time = new FakeTimeProvider();
        var connection = new InMemoryConnection();
        var options = new SmppClientOptions
        {
            SystemId = "esme01",
            Session = new SmppSessionOptions { EnquireLinkInterval = TimeSpan.FromSeconds(30), ResponseTimeout = TimeSpan.FromSeconds(10) },
        };
        await using var client = SmppClient.Create(connection.Client, options, timeProvider: time);
        var smsc = new RawPeer(connection.Server);
        var bind = client.BindAsync();
        var bindRequest = await smsc.ReceiveAsync<BindTransceiver>();
        await smsc.SendAsync(new BindTransceiverResp { SystemId = "raw", SequenceNumber = bindRequest.SequenceNumber });
        await bind.WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(30));
        var first = await smsc.ReceiveAsync<EnquireLink>();
        await smsc.SendAsync(new EnquireLinkResp { SequenceNumber = first.SequenceNumber });
        await Eventually.TrueAsync(() => client.Session.PendingRequests == 0);
        time.Advance(TimeSpan.FromSeconds(30));
        await smsc.ReceiveAsync<EnquireLink>();
        time.Advance(TimeSpan.FromSeconds(10));

        await client.Session.Completion.WaitAsync(Timeout);
        Assert.Equal("enquire_link unanswered", client.Session.CloseReason);
    }

    [Fact]
    public async Task Enquire_link_is_written_ahead_of_submits_queued_before_it()
    {
        // The client's output pauses at 1 unread byte, so its write loop waits in FlushAsync until we read.
        var connection = new InMemoryConnection(clientOutput: new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        await using var client = SmppClient.Create(connection.Client, new SmppClientOptions { Session = new SmppSessionOptions { EnquireLinkInterval = TimeSpan.Zero } });
        var smsc = new RawPeer(connection.Server);
        var bind = client.BindAsync();
        await smsc.SendAsync(new BindTransceiverResp { SequenceNumber = (await smsc.ReceiveAsync())!.SequenceNumber });
        await bind.WaitAsync(Timeout);

        var first = client.SubmitAsync(Submit("0"));
        var input = connection.Server.Input;
        var flushed = await input.ReadAsync();
        input.AdvanceTo(flushed.Buffer.Start); // flushed but not consumed: the writer stays paused
        var queued = Enumerable.Range(1, 4).Select(i => client.SubmitAsync(Submit(i.ToString(CultureInfo.InvariantCulture)))).ToArray();
        var keepAlive = client.Session.SendRequestAsync(new EnquireLink());

        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var pdu = (await smsc.ReceiveAsync())!;
            order.Add(pdu is SubmitSm submit ? submit.DestinationAddr : "enquire_link");
        }

        Assert.Equal(["0", "enquire_link", "1", "2", "3", "4"], order);
        Assert.False(keepAlive.IsCompleted || queued.Any(t => t.IsCompleted) || first.IsCompleted);
    }

    private static SubmitSm Submit(string destination)
    {
        var submit = SamplePdus.Submit();
        submit.DestinationAddr = destination;
        return submit;
    }
}
