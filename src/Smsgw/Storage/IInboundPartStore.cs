using Smsgw.Accounts;

namespace Smsgw.Storage;

/// <summary>One received part of a concatenated inbound message.</summary>
internal sealed record InboundPart(
    string Carrier,
    string Sender,
    string Receiver,
    int Reference,
    int Total,
    int PartNo,
    AccountId AccountId,
    string Text,
    DateTimeOffset ReceivedAt);

/// <summary>
/// Parts of concatenated inbound messages waiting for the rest (reassembly survives a restart). A message is stored in
/// the same transaction as the part that completes it or the timeout that gives up on the rest, under the lock of its
/// key, so a late part and the timeout never both store it.
/// </summary>
internal interface IInboundPartStore
{
    /// <summary>
    /// Stores a part and, when it completes its message, the message <paramref name="assemble"/> makes of the parts,
    /// marking them finished. Returns that message's insert, or null: parts still missing, or this very part (number
    /// and text) of a message already finished, delivered again. Any other part under a finished message's key starts
    /// a new message: references are 8 or 16 bits, and handsets reuse them.
    /// </summary>
    Task<InboundInsertResult?> AddAsync(InboundPart part, Func<IReadOnlyList<InboundPart>, NewInboundMessage> assemble, CancellationToken cancellationToken);

    /// <summary>Unfinished messages whose first part came before <paramref name="firstReceivedBefore"/>, each as its parts in order.</summary>
    Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredAsync(DateTimeOffset firstReceivedBefore, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Stores what came of the message <paramref name="part"/> belongs to, as <paramref name="assemble"/> makes it, and
    /// marks it finished, if it is still unfinished and its first part came before <paramref name="firstReceivedBefore"/>
    /// when the lock is held. Null when it was finished meanwhile (its last part came) or its key now holds a newer message.
    /// </summary>
    Task<InboundInsertResult?> FlushAsync(InboundPart part, DateTimeOffset firstReceivedBefore, DateTimeOffset now, Func<IReadOnlyList<InboundPart>, NewInboundMessage> assemble, CancellationToken cancellationToken);

    /// <summary>Forgets messages finished before <paramref name="finishedBefore"/>.</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken);
}
