using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;

namespace Smsgw.Carriers;

/// <summary>A way out to handsets: the built-in simulator, later SMPP connections. Receipts and replies come back
/// through <see cref="Inbound.DeliveryReceiptProcessor"/> and <see cref="Inbound.InboundMessageReceiver"/>.</summary>
internal interface ICarrier
{
    string Name { get; }

    /// <summary>
    /// How this carrier encodes and splits text: the acceptor stores each message with the encoding and part count
    /// measured by the profile of the carrier its route picks. The default (8-bit reference, no Latin-1) is the
    /// simulator's.
    /// </summary>
    SmsTextProfile TextProfile => default;

    /// <summary>
    /// Hands one message to the carrier. When <see cref="CarrierSubmission.InDoubt"/> is set, an earlier attempt
    /// may have reached the carrier before a crash: a carrier that can tell must answer with the first attempt's
    /// ids instead of sending again.
    /// </summary>
    Task<CarrierSubmitResult> SubmitAsync(CarrierSubmission submission, CancellationToken cancellationToken);
}

internal sealed record CarrierSubmission(
    string MessageId,
    AccountId AccountId,
    string Sender,
    string Receiver,
    string Body,
    SmsEncoding Encoding,
    int Parts,
    bool InDoubt)
{
    /// <summary>The concatenation reference of a long message: the same on every attempt (see <see cref="LeasedMessage.ConcatenationReference"/>).</summary>
    public int ConcatenationReference { get; init; }

    /// <summary>Parts acknowledged in earlier attempts: a carrier that splits the message the same way sends only the others.</summary>
    public IReadOnlyList<SubmittedPart> SubmittedParts { get; init; } = [];

    /// <summary>
    /// Records a part the carrier acknowledged, before the outcome of the whole message, so that a retry (or a
    /// dispatcher resolving a crash) does not send it again. A carrier awaits these before it answers.
    /// </summary>
    public Func<SubmittedPart, Task> PartSubmittedAsync { get; init; } = _ => Task.CompletedTask;
}

internal abstract record CarrierSubmitResult
{
    /// <summary>Taken; one carrier message id per part, in part order.</summary>
    public sealed record Accepted(IReadOnlyList<string> CarrierMessageIds) : CarrierSubmitResult;

    /// <summary>Refused for good (the raw carrier reason kept in <paramref name="Detail"/>).</summary>
    public sealed record Refused(MessageStatus Status, string Detail) : CarrierSubmitResult;

    /// <summary>Not now (throttled, unavailable): the dispatcher retries after <paramref name="After"/>.
    /// <paramref name="InDoubt"/>: the carrier may have taken it anyway (a request sent but never answered), or took
    /// some of its parts, so the retry must resolve rather than simply send, and an expiry meanwhile is UNKNOWN, not
    /// NOT DELIVERED.</summary>
    public sealed record TryLater(TimeSpan After, string Detail, bool InDoubt = false) : CarrierSubmitResult;
}
