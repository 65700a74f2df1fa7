using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Text;

namespace Smsgw.TestSmsc;

/// <summary>The failure modes a <see cref="FakeSmsc"/> plays (Jasmin's simulator family).</summary>
public sealed record FakeSmscBehaviour
{
    public static readonly FakeSmscBehaviour Happy = new();

    /// <summary>Answers <c>ESME_RTHROTTLED</c> to every Nth submit (0: never).</summary>
    public int ThrottleEvery { get; init; }

    /// <summary>
    /// Takes at most this many submits a second (0: no limit), as an SMSC enforces an account's rate: one over it is
    /// answered <see cref="ThrottleStatus"/>. A bucket of a tenth of a second's submits, refilled continuously.
    /// </summary>
    public int MaxSubmitsPerSecond { get; init; }

    /// <summary>Refuses every submit with this status.</summary>
    public CommandStatus? ErrorOnSubmit { get; init; }

    /// <summary>Sends the receipt and waits for its deliver_sm_resp before answering the submit.</summary>
    public bool ReceiptsBeforeResp { get; init; }

    /// <summary>Answers with hex ids but writes the receipt's <c>id:</c> in decimal, without the receipted_message_id TLV.</summary>
    public bool DecimalReceiptIds { get; init; }

    /// <summary>Breaks the first session right after its bind.</summary>
    public bool DropAfterBind { get; init; }

    /// <summary>No receipts at all.</summary>
    public bool NoReceipts { get; init; }

    /// <summary>The Nth submit (counting from 1 over the SMSC's life) is never answered: its session is closed instead.</summary>
    public int DropOnSubmit { get; init; }

    /// <summary>These submits (numbered from 1 over the SMSC's life) are answered <c>ESME_RTHROTTLED</c>.</summary>
    public IReadOnlyCollection<int> ThrottleSubmits { get; init; } = [];

    /// <summary>What a throttled submit is answered: <c>ESME_RTHROTTLED</c>, or e.g. <c>ESME_RMSGQFUL</c>.</summary>
    public CommandStatus ThrottleStatus { get; init; } = CommandStatus.Throttled;

    /// <summary>Sends each receipt on a bound receiver other than the session that took the submit, when there is one.</summary>
    public bool ReceiptsOnAnotherSession { get; init; }

    /// <summary>The Nth submit (numbered from 1 over the SMSC's life) is answered with <c>generic_nack</c> of <see cref="GenericNackStatus"/>.</summary>
    public int GenericNackOnSubmit { get; init; }

    /// <summary>The <c>command_status</c> of the <see cref="GenericNackOnSubmit"/> nack.</summary>
    public CommandStatus GenericNackStatus { get; init; }

    /// <summary>
    /// Keeps every accepted submit in <see cref="FakeSmsc.Accepted"/> and <see cref="FakeSmsc.AcceptedOn"/> (tests read
    /// them); a load of hundreds of thousands (bench/) counts them in <see cref="FakeSmsc.AcceptedCount"/> only.
    /// </summary>
    public bool KeepAccepted { get; init; } = true;
}

/// <summary>An SMSC on 127.0.0.1:0 built on the library's SMSC role, playing one <see cref="FakeSmscBehaviour"/>.</summary>
public sealed class FakeSmsc : IAsyncDisposable
{
    public const string SystemId = "gw";
    public const string Password = "secret";

    private readonly FakeSmscBehaviour _behaviour;
    private long _lastId = 0x1F0;
    private int _submits;
    private int _binds;
    private int _accepted;
    private readonly Lock _bucketLock = new();
    private double _bucket;
    private long _bucketAt = Stopwatch.GetTimestamp();

    public FakeSmsc(FakeSmscBehaviour behaviour)
    {
        _behaviour = behaviour;
        Server = new SmppServer(
            new SmppServerOptions { SystemId = "FakeSMSC" },
            new SmppServerHandlers
            {
                Bind = (_, bind, _) => ValueTask.FromResult(bind.SystemId == SystemId && bind.Password == Password ? CommandStatus.Ok : CommandStatus.InvalidPassword),
                SubmitSm = SubmitAsync,
                SessionBound = (session, _) =>
                {
                    if (Interlocked.Increment(ref _binds) == 1 && _behaviour.DropAfterBind)
                    {
                        return session.DisposeAsync();
                    }
                    return ValueTask.CompletedTask;
                },
            });
        EndPoint = Server.Start(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public SmppServer Server { get; }

    public IPEndPoint EndPoint { get; }

    public int Binds => Volatile.Read(ref _binds);

    /// <summary>Submits received, whatever their answer.</summary>
    public int Submits => Volatile.Read(ref _submits);

    /// <summary>Submits taken (answered OK), kept or not (<see cref="FakeSmscBehaviour.KeepAccepted"/>).</summary>
    public int AcceptedCount => Volatile.Read(ref _accepted);

    /// <summary>Submits taken (answered OK), in arrival order.</summary>
    public ConcurrentQueue<(string MessageId, SubmitSm Pdu)> Accepted { get; } = new();

    /// <summary>The session that took each accepted submit, by its message id.</summary>
    public ConcurrentDictionary<string, SmppSession> AcceptedOn { get; } = new();

    /// <summary>The session each receipt was acknowledged on, by the message id it reports.</summary>
    public ConcurrentDictionary<string, SmppSession> ReceiptsOn { get; } = new();

    /// <summary>The settings a gateway needs to bind to this SMSC as connection 0, routed by default.</summary>
    public Dictionary<string, string?> GatewaySettings(string name = "smsc") => new()
    {
        ["Smsgw:Smpp:Connections:0:Name"] = name,
        ["Smsgw:Smpp:Connections:0:Host"] = "127.0.0.1",
        ["Smsgw:Smpp:Connections:0:Port"] = EndPoint.Port.ToString(CultureInfo.InvariantCulture),
        ["Smsgw:Smpp:Connections:0:SystemId"] = SystemId,
        ["Smsgw:Smpp:Connections:0:Password"] = Password,
        ["Smsgw:Smpp:Connections:0:ReconnectDelay"] = "00:00:00.100",
        ["Smsgw:Smpp:Connections:0:ThrottleDelay"] = "00:00:00.050",
        ["Smsgw:Carriers:Default"] = name,
        ["Smsgw:Outbound:PollInterval"] = "00:00:00.100",
    };

    /// <summary>Sends a <c>deliver_sm</c> to the bound gateway and returns the status of its response.</summary>
    public async Task<CommandStatus> DeliverAsync(DeliverSm pdu, CancellationToken cancellationToken = default)
    {
        var session = await ReceiverAsync(cancellationToken);
        var response = await session.SendRequestAsync(pdu, cancellationToken);
        return response.CommandStatus;
    }

    /// <summary>The gateway's bound receiver, waited for (bounded: 10 s) while it binds.</summary>
    private async Task<SmppSession> ReceiverAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (Server.FindReceiver(SystemId) is { } session)
            {
                return session;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no receiver bound as {SystemId} within 10 s");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>
    /// Sends <paramref name="pdu"/> (already sent once) again on the same session under the same sequence number, as an
    /// SMSC retransmits a request whose response it did not get; returns the status of the response.
    /// </summary>
    public async Task<CommandStatus> RedeliverAsync(SmppPdu pdu, CancellationToken cancellationToken = default)
    {
        var session = Server.FindReceiver(SystemId) ?? throw new InvalidOperationException($"no receiver bound as {SystemId}");
        session.NextSequenceNumber = pdu.SequenceNumber;
        var response = await session.SendRequestAsync(pdu, cancellationToken);
        return response.SequenceNumber == pdu.SequenceNumber
            ? response.CommandStatus
            : throw new InvalidOperationException($"the response came under sequence number {response.SequenceNumber}, not {pdu.SequenceNumber}");
    }

    /// <summary>Sends a <c>data_sm</c> to the bound gateway and returns the status of its response.</summary>
    public async Task<CommandStatus> SendDataSmAsync(DataSm pdu, CancellationToken cancellationToken = default)
    {
        var session = await ReceiverAsync(cancellationToken);
        var response = await session.SendRequestAsync(pdu, cancellationToken);
        return response is DataSmResp
            ? response.CommandStatus
            : throw new InvalidOperationException($"data_sm was answered with {response.GetType().Name}, not data_sm_resp");
    }

    /// <summary>A mobile-originated <c>data_sm</c>: the text in <c>message_payload</c>, GSM 03.38 (unpacked) or, when needed, UCS-2.</summary>
    public static DataSm DataSmMo(string from, string to, string text)
    {
        var (dataCoding, bytes) = MoText(text, null);
        return new DataSm
        {
            SourceAddrTon = 1,
            SourceAddrNpi = 1,
            SourceAddr = from,
            DestAddrTon = 1,
            DestAddrNpi = 1,
            DestinationAddr = to,
            DataCoding = dataCoding,
            Tlvs = [new Tlv(TlvTag.MessagePayload, bytes)],
        };
    }

    /// <summary>
    /// A <c>data_sm</c> receipt for <paramref name="messageId"/>: either the receipt text in <c>message_payload</c> with
    /// <c>esm_class</c> 0x04, or only the <c>receipted_message_id</c> and <c>message_state</c> TLVs with <c>esm_class</c> 0.
    /// </summary>
    public static DataSm DataSmReceipt(SubmitSm submit, string messageId, MessageState state, bool tlvsOnly)
    {
        var now = DateTime.UtcNow.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        var stat = state == MessageState.Delivered ? "DELIVRD" : "UNDELIV";
        var text = $"id:{messageId} sub:001 dlvrd:001 submit date:{now} done date:{now} stat:{stat} err:000 text:";
        return new DataSm
        {
            SourceAddr = submit.DestinationAddr,
            DestinationAddr = submit.SourceAddr,
            EsmClass = (byte)(tlvsOnly ? 0 : 0x04),
            Tlvs = tlvsOnly
                ? [Tlv.FromCString(TlvTag.ReceiptedMessageId, messageId), Tlv.FromByte(TlvTag.MessageState, (byte)state)]
                : [new Tlv(TlvTag.MessagePayload, Encoding.ASCII.GetBytes(text))],
        };
    }

    /// <summary>A mobile-originated <c>deliver_sm</c> in GSM 03.38 (unpacked) or, when needed, UCS-2, optionally one part of a UDH-concatenated message.</summary>
    public static DeliverSm Mo(string from, string to, string text, Concatenation? part = null)
    {
        var (dataCoding, bytes) = MoText(text, part);
        return new DeliverSm
        {
            SourceAddrTon = 1,
            SourceAddrNpi = 1,
            SourceAddr = from,
            DestAddrTon = 1,
            DestAddrNpi = 1,
            DestinationAddr = to,
            EsmClass = (byte)(part is null ? 0 : 0x40),
            DataCoding = dataCoding,
            ShortMessage = bytes,
        };
    }

    /// <summary>A handset's text as an SMSC hands it on: GSM 03.38 (unpacked, data_coding 0) or, when needed, UCS-2 (8), after the concatenation UDH of <paramref name="part"/>.</summary>
    private static (byte DataCoding, byte[] Bytes) MoText(string text, Concatenation? part)
    {
        var gsm = Gsm7.TryCountSeptets(text, out var septets);
        var udhLength = part is { } p ? Udh.GetConcatenationLength(p.ReferenceSize) : 0;
        var bytes = new byte[udhLength + (gsm ? septets : Ucs2.GetByteCount(text))];
        if (part is { } c)
        {
            Udh.WriteConcatenation(bytes, c);
        }
        _ = gsm ? Gsm7.Encode(text, bytes.AsSpan(udhLength)) : Ucs2.Encode(text, bytes.AsSpan(udhLength));
        return ((byte)(gsm ? 0 : 8), bytes);
    }

    /// <summary>The text a submit carried: its UDH stripped, decoded by data_coding.</summary>
    public static string Text(SubmitSm pdu)
    {
        var payload = pdu.ShortMessage.Span;
        if ((pdu.EsmClass & 0x40) != 0)
        {
            payload = payload[(payload[0] + 1)..];
        }
        return pdu.DataCoding == 8 ? Ucs2.Decode(payload) : Gsm7.Decode(payload);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private async ValueTask<SubmitSmResult> SubmitAsync(SmppSession session, SubmitSm submit, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _submits);
        if (n == _behaviour.DropOnSubmit)
        {
            // Closed before any response: the ESME cannot know whether this submit was taken. A handler ending in a
            // cancellation of its closed session writes nothing.
            await session.DisposeAsync();
            throw new OperationCanceledException(cancellationToken);
        }
        if (n == _behaviour.GenericNackOnSubmit)
        {
            return SubmitSmResult.GenericNack(_behaviour.GenericNackStatus);
        }
        if ((_behaviour.ThrottleEvery > 0 && n % _behaviour.ThrottleEvery == 0) || _behaviour.ThrottleSubmits.Contains(n) || OverRate())
        {
            return SubmitSmResult.Rejected(_behaviour.ThrottleStatus);
        }
        if (_behaviour.ErrorOnSubmit is { } error)
        {
            return SubmitSmResult.Rejected(error);
        }
        var id = Interlocked.Increment(ref _lastId);
        var messageId = id.ToString("x10", CultureInfo.InvariantCulture);
        Interlocked.Increment(ref _accepted);
        if (_behaviour.KeepAccepted)
        {
            AcceptedOn[messageId] = session;
            Accepted.Enqueue((messageId, submit));
        }
        if (!_behaviour.NoReceipts)
        {
            var receipt = Receipt(submit, id, messageId);
            if (_behaviour.ReceiptsBeforeResp)
            {
                await session.SendRequestAsync(receipt, cancellationToken);
            }
            else
            {
                _ = SendLaterAsync(session, receipt, messageId);
            }
        }
        return SubmitSmResult.Accepted(messageId);
    }

    /// <summary>Whether this submit goes over <see cref="FakeSmscBehaviour.MaxSubmitsPerSecond"/>; takes its token when not.</summary>
    private bool OverRate()
    {
        var rate = _behaviour.MaxSubmitsPerSecond;
        if (rate <= 0)
        {
            return false;
        }
        lock (_bucketLock)
        {
            var now = Stopwatch.GetTimestamp();
            _bucket = Math.Min(rate / 10.0, _bucket + (rate * Stopwatch.GetElapsedTime(_bucketAt, now).TotalSeconds));
            _bucketAt = now;
            if (_bucket < 1)
            {
                return true;
            }
            _bucket--;
            return false;
        }
    }

    private DeliverSm Receipt(SubmitSm submit, long id, string messageId)
    {
        var failed = submit.DestinationAddr.EndsWith("0000", StringComparison.Ordinal);
        var textId = _behaviour.DecimalReceiptIds ? id.ToString(CultureInfo.InvariantCulture) : messageId;
        var now = DateTime.UtcNow.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        var text = $"id:{textId} sub:001 dlvrd:{(failed ? "000" : "001")} submit date:{now} done date:{now} stat:{(failed ? "UNDELIV" : "DELIVRD")} err:{(failed ? "001" : "000")} text:";
        return new DeliverSm
        {
            SourceAddr = submit.DestinationAddr,
            DestinationAddr = submit.SourceAddr,
            EsmClass = 0x04,
            ShortMessage = Encoding.ASCII.GetBytes(text),
            Tlvs = _behaviour.DecimalReceiptIds
                ? []
                : [Tlv.FromCString(TlvTag.ReceiptedMessageId, messageId), Tlv.FromByte(TlvTag.MessageState, (byte)(failed ? MessageState.Undeliverable : MessageState.Delivered))],
        };
    }

    private SmppSession? AnotherReceiver(SmppSession origin) =>
        Server.Sessions.FirstOrDefault(s => s != origin && s.State is SmppSessionState.BoundRx or SmppSessionState.BoundTrx && s.SystemId == SystemId);

    /// <summary>Like a real SMSC, a receipt goes to any bound receiver of the system id, retried until one takes it.</summary>
    private async Task SendLaterAsync(SmppSession origin, DeliverSm receipt, string messageId)
    {
        await Task.Delay(20);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var session = (_behaviour.ReceiptsOnAnotherSession ? AnotherReceiver(origin) : null) ?? Server.FindReceiver(SystemId) ?? origin;
            try
            {
                var response = await session.SendRequestAsync(receipt);
                if (response.CommandStatus == CommandStatus.Ok)
                {
                    ReceiptsOn[messageId] = session;
                    return;
                }
            }
            catch (SmppException)
            {
            }
            catch (InvalidOperationException)
            {
            }
            await Task.Delay(50);
        }
    }
}
