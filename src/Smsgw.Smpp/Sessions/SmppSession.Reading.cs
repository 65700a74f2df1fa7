using System.Buffers;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

// The read loop: frame, decode, then route. Responses go to the window; requests meet the state table, then the
// session's own handling (enquire_link, unbind) or the role's handler.
public sealed partial class SmppSession
{
    private readonly SemaphoreSlim _incoming;
    private bool _stopReading;

    private async Task ReadLoopAsync()
    {
        var input = _input!;
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stopping).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                try
                {
                    FrameError error;
                    while (SmppFrameReader.TryReadFrame(ref buffer, _options.MaxPduLength, out var frame, out error))
                    {
                        consumed = buffer.Start;
                        var request = Receive(frame);
                        if (request is not null)
                        {
                            await DispatchAsync(request, stopping).ConfigureAwait(false);
                        }

                        if (_stopReading)
                        {
                            return; // unbind received: nothing after it is read; the write loop closes once unbind_resp is out
                        }
                    }

                    if (error != FrameError.None)
                    {
                        _logger.FramingLost(Id);
                        EnqueueResponse(new GenericNack
                        {
                            CommandStatus = CommandStatus.InvalidCommandLength,
                            SequenceNumber = SmppFrameReader.PeekSequenceNumber(buffer),
                        });
                        CloseAfterDrain("invalid command_length: framing lost");
                        return;
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        Break(buffer.IsEmpty ? "the peer closed the connection" : "the peer closed the connection inside a PDU");
                        return;
                    }
                }
                finally
                {
                    input.AdvanceTo(consumed, examined);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Break($"read failed: {exception.Message}");
        }
        catch (Exception exception)
        {
            _logger.LoopFailed(Id, "read", exception);
            Break("read loop failed");
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Decodes one frame; answers what cannot be decoded; routes responses. Returns a request to dispatch.</summary>
    private SmppPdu? Receive(in ReadOnlySequence<byte> frame)
    {
        SmppPdu pdu;
        try
        {
            pdu = SmppPduDecoder.Decode(frame);
        }
        catch (SmppPduException exception)
        {
            _logger.MalformedPdu(Id, exception.Header?.CommandId, exception.Header?.SequenceNumber, exception.CommandStatus, exception.Message);
            if (exception.Header is { } header)
            {
                if (header.IsResponse)
                {
                    FailRequest(header.SequenceNumber, exception);
                }
                else if (SmppPduDecoder.CreateErrorResponse(header, exception.CommandStatus) is { } answer)
                {
                    EnqueueResponse(answer);
                }
            }

            return null;
        }

        _logger.Received(Id, pdu.CommandId, pdu.SequenceNumber, pdu.CommandStatus);
        if (pdu.IsResponse)
        {
            if (Role == SmppSessionRole.Esme && pdu is BindResponse)
            {
                OnBindResponse(pdu);
            }

            CompleteRequest(pdu);
            if (pdu.CommandId == CommandId.UnbindResp && State == SmppSessionState.Unbinding)
            {
                Break("unbound");
                _stopReading = true;
            }

            return null;
        }

        var state = State;
        if (Role == SmppSessionRole.Smsc && pdu is BindRequest && SmppSessionStateTable.IsBound(state))
        {
            Reject(pdu, state, CommandStatus.AlreadyBound);
            return null;
        }

        if (!SmppSessionStateTable.Accepts(Role, state, pdu.CommandId))
        {
            Reject(pdu, state, CommandStatus.InvalidBindStatus);
            return null;
        }

        switch (pdu)
        {
            case EnquireLink:
                EnqueueResponse(pdu.CreateResponse(CommandStatus.Ok)!);
                return null;
            case Unbind:
                TransitionTo(SmppSessionState.Unbinding);
                EnqueueResponse(pdu.CreateResponse(CommandStatus.Ok)!);
                CloseAfterDrain("unbound by the peer");
                _stopReading = true;
                return null;
            default:
                return pdu;
        }
    }

    private void Reject(SmppPdu request, SmppSessionState state, CommandStatus status)
    {
        _logger.RejectedInState(Id, request.CommandId, request.SequenceNumber, state, status);
        EnqueueResponse(request.CreateResponse(status)
            ?? new GenericNack { CommandStatus = status, SequenceNumber = request.SequenceNumber });
    }

    /// <summary>
    /// An ESME's bind answered: bound before the read loop goes on, so a <c>deliver_sm</c> right behind the
    /// response meets the bound state.
    /// </summary>
    private void OnBindResponse(SmppPdu response)
    {
        if (State != SmppSessionState.Binding || _pendingBind is not { } bind || bind.SequenceNumber != response.SequenceNumber)
        {
            return;
        }

        if (response.CommandStatus == CommandStatus.Ok)
        {
            OnBound(bind.SystemId, bind switch
            {
                BindTransmitter => SmppBindMode.Transmitter,
                BindReceiver => SmppBindMode.Receiver,
                _ => SmppBindMode.Transceiver,
            });
        }
        else
        {
            _logger.BindRefused(Id, bind.SystemId, response.CommandStatus);
            TransitionTo(SmppSessionState.Open);
        }
    }

    /// <summary>
    /// Binds are handled in line, so the next PDU meets the new state; other requests run concurrently up to
    /// <see cref="SmppSessionOptions.MaxConcurrentRequests"/>, and reading waits beyond that.
    /// </summary>
    private async ValueTask DispatchAsync(SmppPdu request, CancellationToken stopping)
    {
        if (request is BindRequest)
        {
            await HandleAsync(request, stopping).ConfigureAwait(false);
            return;
        }

        await _incoming.WaitAsync(stopping).ConfigureAwait(false);
        _ = HandleConcurrentlyAsync(request, stopping);
    }

    private async Task HandleConcurrentlyAsync(SmppPdu request, CancellationToken stopping)
    {
        try
        {
            await HandleAsync(request, stopping).ConfigureAwait(false);
        }
        finally
        {
            _incoming.Release();
        }
    }

    /// <summary>Runs the role's handler and writes its response; a failing handler is answered with <c>ESME_RSYSERR</c>.</summary>
    private async ValueTask HandleAsync(SmppPdu request, CancellationToken stopping)
    {
        SmppPdu? response;
        try
        {
            response = await _handler(this, request, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            _logger.HandlerFailed(Id, request.CommandId, request.SequenceNumber, exception);
            response = request.CreateResponse(CommandStatus.SystemError);
        }

        if (response is not null)
        {
            EnqueueResponse(response);
        }
    }
}
