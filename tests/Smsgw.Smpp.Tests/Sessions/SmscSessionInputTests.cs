using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Tests.Codec;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Sessions;

/// <summary>What an SMSC-role session answers on the wire, over an in-memory connection.</summary>
public sealed class SmscSessionInputTests : IAsyncLifetime
{
    private readonly CollectingLogger _logger = new();
    private readonly InMemoryConnection _connection = new();
    private SmppServer _server = null!;
    private SmppSession _session = null!;
    private RawPeer _peer = null!;

    public ValueTask InitializeAsync()
    {
        _server = new SmppServer(
            new SmppServerOptions { Session = new SmppSessionOptions { MaxPduLength = 4096, EnquireLinkInterval = TimeSpan.Zero } },
            new SmppServerHandlers
            {
                Bind = (_, bind, _) => ValueTask.FromResult(bind.Password == "secret" ? CommandStatus.Ok : CommandStatus.InvalidPassword),
                SubmitSm = (_, submit, _) => submit.DestinationAddr switch
                {
                    "throw" => throw new InvalidOperationException("store is down"),
                    "long-id" => ValueTask.FromResult(SubmitSmResult.Accepted(new string('x', 65))),
                    _ => ValueTask.FromResult(SubmitSmResult.Accepted("id-1")),
                },
            },
            logger: _logger);
        _session = _server.StartSession(_connection.Server);
        _peer = new RawPeer(_connection.Client);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _peer.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_malformed_pdu_of_the_corpus_is_answered_with_its_exact_status_and_the_session_keeps_running()
    {
        foreach (var row in MalformedPduTests.Corpus)
        {
            var (why, frame, answerId, status) = row.Data;
            await _peer.SendAsync(frame);

            var answer = await _peer.ReceiveAsync();

            Assert.True(answer is not null, $"{why}: no answer");
            Assert.True((answerId, status) == (answer.CommandId, answer.CommandStatus), $"{why}: expected {answerId} {status}, got {answer.CommandId} {answer.CommandStatus}");
            Assert.Equal(1u, answer.SequenceNumber);
        }

        await _peer.SendAsync(new EnquireLink { SequenceNumber = 77 });
        Assert.Equal(77u, (await _peer.ReceiveAsync<EnquireLinkResp>()).SequenceNumber);
        Assert.Equal(SmppSessionState.Open, _session.State);
        Assert.Empty(_logger.Errors);
    }

    [Theory]
    [InlineData("0000000F00000015")]
    [InlineData("00000000")]
    [InlineData("0000100100000004")] // 4097 > MaxPduLength 4096
    public async Task A_bad_command_length_is_answered_with_generic_nack_invalid_command_length_and_ends_the_session(string hex)
    {
        await _peer.SendAsync(Convert.FromHexString(hex));

        var nack = await _peer.ReceiveAsync<GenericNack>();

        Assert.Equal(CommandStatus.InvalidCommandLength, nack.CommandStatus);
        Assert.Null(await _peer.ReceiveAsync());
        await _session.Completion.WaitAsync(RawPeer.Timeout);
        Assert.Equal(SmppSessionState.Closed, _session.State);
        Assert.Contains("command_length", _session.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generic_nack_for_a_bad_command_length_echoes_the_sequence_number_when_the_header_arrived()
    {
        await _peer.SendAsync(Convert.FromHexString("0000000C" + "00000004" + "00000000" + "00000033"));

        var nack = await _peer.ReceiveAsync<GenericNack>();

        Assert.Equal(0x33u, nack.SequenceNumber);
    }

    [Fact]
    public async Task Requests_the_state_does_not_accept_are_answered_with_invalid_bind_status()
    {
        await _peer.SendAsync(new Unbind { SequenceNumber = 2 });
        Assert.Equal(CommandStatus.InvalidBindStatus, (await _peer.ReceiveAsync<UnbindResp>()).CommandStatus);
        await _peer.SendAsync(new QuerySm { SequenceNumber = 3, MessageId = "1" });
        Assert.Equal(CommandStatus.InvalidBindStatus, (await _peer.ReceiveAsync<QuerySmResp>()).CommandStatus);
        await _peer.SendAsync(new Outbind { SequenceNumber = 4 });
        var nack = await _peer.ReceiveAsync<GenericNack>();
        Assert.Equal((4u, CommandStatus.InvalidBindStatus), (nack.SequenceNumber, nack.CommandStatus));

        Assert.Equal(CommandStatus.Ok, (await _peer.BindAsync()).CommandStatus);
        await _peer.SendAsync(new DeliverSm { SequenceNumber = 5 });
        Assert.Equal(CommandStatus.InvalidBindStatus, (await _peer.ReceiveAsync<DeliverSmResp>()).CommandStatus);
        await _peer.SendAsync(new AlertNotification { SequenceNumber = 6 });
        Assert.Equal(CommandStatus.InvalidBindStatus, (await _peer.ReceiveAsync<GenericNack>()).CommandStatus);
    }

    [Fact]
    public async Task A_receiver_may_not_submit()
    {
        await _peer.SendAsync(new BindReceiver { SystemId = "esme", Password = "secret", SequenceNumber = 1 });
        Assert.Equal(CommandStatus.Ok, (await _peer.ReceiveAsync<BindReceiverResp>()).CommandStatus);

        await _peer.SendAsync(SamplePdus.Submit());

        Assert.Equal(CommandStatus.InvalidBindStatus, (await _peer.ReceiveAsync<SubmitSmResp>()).CommandStatus);
        Assert.Equal(SmppSessionState.BoundRx, _session.State);
    }

    [Fact]
    public async Task A_failing_submit_handler_is_answered_with_system_error_and_the_session_keeps_running()
    {
        await _peer.BindAsync();
        var submit = SamplePdus.Submit();
        submit.DestinationAddr = "throw";

        await _peer.SendAsync(submit);
        var failed = await _peer.ReceiveAsync<SubmitSmResp>();
        await _peer.SendAsync(SamplePdus.Submit());
        var accepted = await _peer.ReceiveAsync<SubmitSmResp>();

        Assert.Equal(CommandStatus.SystemError, failed.CommandStatus);
        Assert.Equal((CommandStatus.Ok, "id-1"), (accepted.CommandStatus, accepted.MessageId));
        Assert.Single(_logger.Errors);
    }

    [Fact]
    public async Task A_handler_response_that_does_not_fit_its_fields_is_replaced_by_system_error()
    {
        await _peer.BindAsync();
        var submit = SamplePdus.Submit();
        submit.DestinationAddr = "long-id";

        await _peer.SendAsync(submit);
        var response = await _peer.ReceiveAsync<SubmitSmResp>();

        Assert.Equal((CommandStatus.SystemError, submit.SequenceNumber, string.Empty), (response.CommandStatus, response.SequenceNumber, response.MessageId));
        await _peer.SendAsync(new EnquireLink { SequenceNumber = 5 });
        Assert.Equal(5u, (await _peer.ReceiveAsync<EnquireLinkResp>()).SequenceNumber);
    }

    [Fact]
    public async Task Requests_without_a_handler_are_refused_with_their_failure_status()
    {
        await _peer.BindAsync();

        await _peer.SendAsync(SamplePdus.All["query_sm"]());
        Assert.Equal(CommandStatus.QueryFailed, (await _peer.ReceiveAsync<QuerySmResp>()).CommandStatus);
        await _peer.SendAsync(SamplePdus.All["cancel_sm"]());
        Assert.Equal(CommandStatus.CancelFailed, (await _peer.ReceiveAsync<CancelSmResp>()).CommandStatus);
        await _peer.SendAsync(SamplePdus.All["replace_sm"]());
        Assert.Equal(CommandStatus.ReplaceFailed, (await _peer.ReceiveAsync<ReplaceSmResp>()).CommandStatus);
        await _peer.SendAsync(SamplePdus.All["submit_multi"]());
        Assert.Equal(CommandStatus.SubmitFailed, (await _peer.ReceiveAsync<SubmitMultiResp>()).CommandStatus);
    }

    [Fact]
    public async Task A_response_matching_no_request_is_dropped_without_an_answer()
    {
        await _peer.SendAsync(new SubmitSmResp { SequenceNumber = 1234, MessageId = "x" });
        await _peer.SendAsync(new EnquireLink { SequenceNumber = 8 });

        Assert.Equal(8u, (await _peer.ReceiveAsync<EnquireLinkResp>()).SequenceNumber);
    }
}
