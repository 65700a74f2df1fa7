using System.Collections.Concurrent;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

// The write loop: one writer. Responses, enquire_link, bind and unbind (the control queue) go out ahead of queued
// submits and deliveries (the data queue); each batch is flushed once.
public sealed partial class SmppSession
{
    private readonly ConcurrentQueue<SmppPdu> _controlQueue = new();
    private readonly ConcurrentQueue<SmppPdu> _dataQueue = new();
    private readonly SemaphoreSlim _writeSignal = new(0);
    private string? _closeAfterDrain;
    private ITimer? _drainDeadline;

    /// <summary>Queues a response to a received request, or a PDU that has none (<c>generic_nack</c>).</summary>
    internal void EnqueueResponse(SmppPdu response) => Enqueue(response, control: true);

    private void Enqueue(SmppPdu pdu, bool control)
    {
        (control ? _controlQueue : _dataQueue).Enqueue(pdu);
        _writeSignal.Release();
    }

    /// <summary>Writes what is queued, then closes: after <c>unbind_resp</c> and after a framing error.</summary>
    private void CloseAfterDrain(string reason)
    {
        Volatile.Write(ref _closeAfterDrain, reason);
        _writeSignal.Release();

        // A peer that does not read would hold the flush forever: close after the response timeout regardless.
        _drainDeadline = _timeProvider.CreateTimer(static state => ((SmppSession)state!).Break("closing: the peer did not read"), this, _options.ResponseTimeout, Timeout.InfiniteTimeSpan);
    }

    private bool TryDequeue(out SmppPdu pdu) => _controlQueue.TryDequeue(out pdu!) || _dataQueue.TryDequeue(out pdu!);

    private async Task WriteLoopAsync()
    {
        var output = _output!;
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                await _writeSignal.WaitAsync(stopping).ConfigureAwait(false);

                // PDUs come in bursts: a commit completes a few hundred receipts at once, each continuation queuing its
                // deliver_sm_resp. One trip through the thread pool's queue lets those already scheduled join this
                // write (one send for many PDUs, for us and for the peer), and the signals they gave are taken here:
                // what is queued after this point signals again.
                await Task.Yield();
                while (_writeSignal.Wait(0))
                {
                }

                var wrote = false;
                while (TryDequeue(out var pdu))
                {
                    if (!pdu.IsResponse && pdu.CommandId is not (CommandId.Outbind or CommandId.AlertNotification) && !IsAwaited(pdu.SequenceNumber))
                    {
                        // Its caller already got a timeout (it waited in the queue too long) and may send it again:
                        // writing it now could deliver it twice.
                        continue;
                    }

                    try
                    {
                        SmppPduEncoder.Encode(pdu, output);
                        wrote = true;
                        _logger.Sent(Id, pdu.CommandId, pdu.SequenceNumber, pdu.CommandStatus);
                    }
                    catch (ArgumentException exception)
                    {
                        // Requests are checked when sent; a response built by a handler may still not fit (a message
                        // id over 64 characters): answer it with an empty response carrying ESME_RSYSERR instead.
                        _logger.MalformedPdu(Id, pdu.CommandId, pdu.SequenceNumber, CommandStatus.SystemError, exception.Message);
                        if (!pdu.IsResponse)
                        {
                            FailRequest(pdu.SequenceNumber, exception);
                        }
                        else if (SmppPduDecoder.CreateErrorResponse(
                            new PduHeader(PduHeader.Length, (CommandId)((uint)pdu.CommandId & 0x7FFFFFFF), CommandStatus.Ok, pdu.SequenceNumber),
                            CommandStatus.SystemError) is { } fallback)
                        {
                            SmppPduEncoder.Encode(fallback, output);
                            wrote = true;
                        }
                    }
                }

                if (wrote)
                {
                    var flushed = await output.FlushAsync(stopping).ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        Break("the peer stopped reading");
                        return;
                    }
                }

                if (Volatile.Read(ref _closeAfterDrain) is { } reason && _controlQueue.IsEmpty)
                {
                    Break(reason);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Break($"write failed: {exception.Message}");
        }
        catch (Exception exception)
        {
            _logger.LoopFailed(Id, "write", exception);
            Break("write loop failed");
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        if (_keepAliveTimer is not { } timer)
        {
            return;
        }

        var stopping = _stopping.Token;
        try
        {
            using var owned = timer;
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (!SmppSessionStateTable.IsBound(State))
                {
                    continue;
                }

                try
                {
                    await SendRequestAsync(new EnquireLink(), stopping).ConfigureAwait(false);
                }
                catch (SmppResponseTimeoutException)
                {
                    Break("enquire_link unanswered");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (SmppSessionClosedException)
        {
        }
        catch (Exception exception)
        {
            _logger.LoopFailed(Id, "keep-alive", exception);
            Break("keep-alive loop failed");
        }
    }
}
