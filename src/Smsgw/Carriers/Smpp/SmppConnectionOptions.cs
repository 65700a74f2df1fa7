using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Text;

namespace Smsgw.Carriers.Smpp;

/// <summary>One SMSC connection (<c>Smsgw:Smpp:Connections:&lt;i&gt;</c>); its <see cref="Name"/> is the carrier name routes use.</summary>
public sealed class SmppConnectionOptions
{
    /// <summary>The carrier name (routes and <c>Smsgw:Carriers:Default</c> refer to it); stored with every part it sends.</summary>
    public string Name { get; set; } = "";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 2775;

    /// <summary><c>system_id</c>, at most 15 characters.</summary>
    public string SystemId { get; set; } = "";

    /// <summary><c>password</c>, at most 8 characters. Never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary><c>system_type</c>, at most 12 characters.</summary>
    public string SystemType { get; set; } = "";

    /// <summary>Transceiver (one session, the default) or Transmitter and Receiver (two sessions, <c>TransmitterAndReceiver</c>).</summary>
    public SmppConnectionBindMode BindMode { get; set; } = SmppConnectionBindMode.Transceiver;

    /// <summary>
    /// Sessions kept bound to the SMSC under this one carrier name (each a transceiver, or a transmitter and a receiver):
    /// submits spread over them, receipts and MO are taken on any of them. Each has its own window, keep-alive and back-off.
    /// </summary>
    public int Binds { get; set; } = 1;

    /// <summary>Submits awaiting their <c>submit_sm_resp</c> at once, per session (see <see cref="Binds"/>).</summary>
    public int WindowSize { get; set; } = 10;

    /// <summary>Submits per second at most; 0 for no limit (the window alone paces).</summary>
    public int MaxSubmitsPerSecond { get; set; }

    /// <summary>Period of <c>enquire_link</c> while bound.</summary>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for its response.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting after a failed connect, bind or a dropped session; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the connection holds its submits after <c>ESME_RTHROTTLED</c> or <c>ESME_RMSGQFUL</c>.</summary>
    public TimeSpan ThrottleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>data_coding</c> written for GSM 03.38 text (sent unpacked, one septet per octet): 0, the SMSC default alphabet, unless the SMSC documents another value for GSM 03.38.</summary>
    public byte DefaultDataCoding { get; set; }

    public byte SourceTon { get; set; } = 1;

    public byte SourceNpi { get; set; } = 1;

    /// <summary>TON/NPI for an alphanumeric sender (letters in it): 5/0 by default.</summary>
    public byte AlphanumericSourceTon { get; set; } = 5;

    public byte AlphanumericSourceNpi { get; set; }

    public byte DestTon { get; set; } = 1;

    public byte DestNpi { get; set; } = 1;

    /// <summary>How a long message is split: an 8-bit reference UDH (default), a 16-bit reference UDH, SAR TLVs, or not at all (<c>message_payload</c>).</summary>
    public SmppConcatenation Concatenation { get; set; } = SmppConcatenation.Udh8;

    /// <summary>Text outside GSM 03.38 but inside ISO-8859-1 goes as Latin-1 (<c>data_coding</c> 3) instead of UCS-2.</summary>
    public bool PreferLatin1 { get; set; }

    /// <summary>
    /// How text for this SMSC is encoded and counted: the API's stored part count and the split use it alike. With
    /// <c>message_payload</c> the SMSC splits; its parts are counted as 8-bit reference ones, the split most SMSCs make.
    /// </summary>
    internal SmsTextProfile TextProfile => new(
        Concatenation == SmppConcatenation.Udh16 ? ConcatenationReference.SixteenBit : ConcatenationReference.EightBit,
        PreferLatin1);

    /// <summary>How the SMSC writes ids in <c>submit_sm_resp</c> (and the <c>receipted_message_id</c> TLV): the stored form.</summary>
    public SmppMessageIdFormat MessageIdFormat { get; set; } = SmppMessageIdFormat.Text;

    /// <summary>How it writes the <c>id:</c> of receipt text; defaults to <see cref="MessageIdFormat"/>. E.g. Hex responses with Decimal receipts.</summary>
    public SmppMessageIdFormat? ReceiptIdFormat { get; set; }

    /// <summary>
    /// The tag of a vendor TLV (0x1400–0x3FFF, e.g. <c>0x1401</c>) in which this SMSC gives each MO message an id of its
    /// own: an MO carrying it is stored once per id, however it is redelivered. Without it only the same
    /// <c>deliver_sm</c> resent on the same session is recognised (see <see cref="SmppDeliverSmHandler"/>).
    /// </summary>
    public ushort? MoMessageIdTlv { get; set; }

    /// <summary>Receipts and MO handled at once per session (each waits for its commit before the SMSC gets its resp).</summary>
    public int MaxConcurrentReceived { get; set; } = 1000;

    internal SmppClientOptions ToClientOptions(SmppBindMode mode) => new()
    {
        Host = Host,
        Port = Port,
        SystemId = SystemId,
        Password = Password,
        SystemType = SystemType,
        BindMode = mode,
        Session = new SmppSessionOptions
        {
            WindowSize = WindowSize,
            EnquireLinkInterval = EnquireLinkInterval,
            ResponseTimeout = ResponseTimeout,
            // Each receipt or MO handler waits for a durable commit before its resp. Few at a time would leave the
            // session unread meanwhile — submit_sm_resp included — and starve the window under load.
            MaxConcurrentRequests = MaxConcurrentReceived,
        },
    };
}
