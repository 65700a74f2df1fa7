using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage;

/// <summary>What the simulator carrier owes: a receipt for a part, or a reply from the handset.</summary>
internal sealed record SimulatorEvent(
    long Id,
    DateTimeOffset DueAt,
    SimulatorEventKind Kind,
    string CarrierMessageId,
    MessageStatus Status,
    AccountId AccountId,
    string Sender,
    string Receiver,
    string? Text);

internal enum SimulatorEventKind
{
    Receipt = 0,
    Reply = 1,
}

/// <summary>The simulator carrier's durable memory, so it behaves like a real carrier across restarts.</summary>
internal interface ISimulatorStore
{
    /// <summary>
    /// Accepts a message once: the first call stores its carrier ids and events and returns those ids;
    /// a repeat (a dispatcher retrying after a crash) returns the ids of the first call and stores nothing.
    /// </summary>
    Task<IReadOnlyList<string>> AcceptAsync(string messageId, IReadOnlyList<string> carrierIds, IReadOnlyList<SimulatorEvent> events, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<SimulatorEvent>> DueEventsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    Task DeleteEventsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>How many distinct messages the simulator accepted (for tests and the bench: no double sends).</summary>
    Task<long> CountAcceptedAsync(CancellationToken cancellationToken);
}
