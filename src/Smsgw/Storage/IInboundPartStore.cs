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

/// <summary>Parts of concatenated inbound messages waiting for the rest (reassembly survives a restart).</summary>
internal interface IInboundPartStore
{
    /// <summary>
    /// Stores a part (a duplicate changes nothing) and returns every stored part of its message in part order; null when
    /// that message was already finished (a late duplicate: acknowledge and ignore it).
    /// </summary>
    Task<IReadOnlyList<InboundPart>?> AddAsync(InboundPart part, CancellationToken cancellationToken);

    /// <summary>Marks the message of <paramref name="part"/> finished (stored as an inbound message).</summary>
    Task FinishAsync(InboundPart part, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Unfinished messages whose first part came before <paramref name="firstReceivedBefore"/>, each as its parts in order.</summary>
    Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredAsync(DateTimeOffset firstReceivedBefore, int max, CancellationToken cancellationToken);

    /// <summary>Forgets messages finished before <paramref name="finishedBefore"/>.</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken);
}
