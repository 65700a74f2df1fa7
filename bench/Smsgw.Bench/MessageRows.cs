using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Bench;

/// <summary>
/// The generated store's messages, one row at a time, for either engine's loader: 100 accounts; account 1 holds one
/// conversation of <c>conversationSize</c> messages spread evenly over thirty days of traffic, plus about a fifth of
/// the rest over 50,000 numbers; 99 other accounts share the remainder over 20,000 numbers each; 70 % outbound.
/// Numbered as the gateway numbers them: <c>conv_seq</c> dense 1..n per (account, peer) and <c>list_seq</c> dense 1..n
/// per (account, direction), in row order, so the row id order is the order of acceptance. Seeded: every run and
/// both engines get the same rows.
/// </summary>
internal sealed class MessageRows(long messages, long conversationSize)
{
    public const string BigPeer = "32499123456";
    public const int Accounts = 100;
    public const string SimulatorName = "simulator";
    private const int MeasuredAccountPeers = 50_000;
    private const int OtherAccountPeers = 20_000;
    private const double MeasuredAccountShare = 0.2;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static readonly string[] Bodies =
    [
        "Your verification code is 123456.",
        "Your verification code is 123456. It expires in 10 minutes.",
        "Hi! Your parcel 3SABC123456 will be delivered tomorrow between 9:00 and 13:00.",
        "Reminder: your appointment with Dr. Peeters is on Monday at 14:30. Reply STOP to opt out.",
        "Thanks, see you then",
        "Ok",
        "Can we move it to Tuesday?",
        "Your invoice 2025-0042 of EUR 129.00 is due on 15/01. Pay online at https://example.com/pay/0042 or by transfer to BE71 0961 2345 6769.",
        "Flash sale! 20% off everything in store this weekend only. Show this message at the till. Terms apply, see example.com/terms. Reply STOP to unsubscribe from our messages.",
        "Bonjour, votre rendez-vous est confirmé pour demain à 10h00.",
        "Got it, thanks!",
        "Your table for 4 at 19:30 is confirmed.",
    ];

    public static readonly (SmsEncoding Encoding, int Parts)[] BodyInfo = [.. Bodies.Select(b => { var m = SmsText.Measure(b); return (m.Encoding, m.Parts); })];

    private static readonly string[] Peers = [.. Enumerable.Range(0, MeasuredAccountPeers).Select(Recipients.At)];

    private readonly Random _random = new(20260101);
    private readonly long _origin = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private readonly double _step = 30.0 * 86_400_000 / messages;
    private readonly Dictionary<long, long> _conversations = new(capacity: 2_100_000);
    private readonly long[,] _listSeq = new long[Accounts + 1, 2];
    private readonly char[] _idChars = new char[Smsgw.Messages.MessageId.Length];
    private long _next;

    /// <summary>The row id (1-based) of the current row.</summary>
    public long Id => _next;
    public int Account { get; private set; }
    public bool IsOutbound { get; private set; }
    public string? MessageId { get; private set; }
    public string Peer { get; private set; } = "";
    public int Body { get; private set; }
    public long CreatedAt { get; private set; }
    public long ConvSeq { get; private set; }
    public long ListSeq { get; private set; }
    public MessageStatus Status { get; private set; }

    /// <summary>Account 1's outbound and inbound messages so far.</summary>
    public long AccountOutbound { get; private set; }
    public long AccountInbound { get; private set; }

    public bool MoveNext()
    {
        if (_next == messages)
        {
            return false;
        }
        var i = _next++;
        int peerIndex;
        bool isOutbound;
        if ((i + 1) * conversationSize / messages != i * conversationSize / messages)
        {
            (Account, peerIndex, isOutbound) = (1, -1, _random.NextDouble() < 0.6);
        }
        else if (_random.NextDouble() < MeasuredAccountShare)
        {
            (Account, peerIndex, isOutbound) = (1, _random.Next(MeasuredAccountPeers), _random.NextDouble() < 0.7);
        }
        else
        {
            (Account, peerIndex, isOutbound) = (2 + _random.Next(Accounts - 1), _random.Next(OtherAccountPeers), _random.NextDouble() < 0.7);
        }
        var key = (Account * 1_000_000L) + peerIndex + 1;
        ConvSeq = _conversations[key] = _conversations.GetValueOrDefault(key) + 1;
        IsOutbound = isOutbound;
        ListSeq = ++_listSeq[Account, isOutbound ? 0 : 1];
        Body = _random.Next(Bodies.Length);
        CreatedAt = _origin + (long)(i * _step);
        Peer = peerIndex < 0 ? BigPeer : Peers[peerIndex];
        if (isOutbound)
        {
            _random.GetItems(IdAlphabet.AsSpan(), _idChars);
            MessageId = new string(_idChars);
            Status = _random.Next(100) < 97 ? MessageStatus.Delivered : MessageStatus.NotDelivered;
            AccountOutbound += Account == 1 ? 1 : 0;
        }
        else
        {
            MessageId = null;
            Status = MessageStatus.Received;
            AccountInbound += Account == 1 ? 1 : 0;
        }
        return true;
    }

    /// <summary>Every (account, peer) with its last <c>conv_seq</c>, in primary-key order: the <c>conversations</c> rows.</summary>
    public IEnumerable<(int Account, string Peer, long LastSeq)> Conversations() => _conversations
        .Select(kv => (Account: (int)(kv.Key / 1_000_000), Peer: (kv.Key % 1_000_000) == 0 ? BigPeer : Peers[(kv.Key % 1_000_000) - 1], LastSeq: kv.Value))
        .OrderBy(r => r.Account).ThenBy(r => r.Peer, StringComparer.Ordinal);

    /// <summary>Every (account, direction) that has messages, with its last <c>list_seq</c>: the <c>account_sequences</c> rows.</summary>
    public IEnumerable<(int Account, int Direction, long LastSeq)> ListSequences()
    {
        for (var a = 1; a <= Accounts; a++)
        {
            for (var d = 0; d < 2; d++)
            {
                if (_listSeq[a, d] > 0)
                {
                    yield return (a, d, _listSeq[a, d]);
                }
            }
        }
    }
}
