using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>What an SMSC does with what its sessions receive. Every handler is optional.</summary>
public sealed class SmppServerHandlers
{
    /// <summary>Authenticates binds; without it every bind succeeds.</summary>
    public SmppBindHandler? Bind { get; init; }

    /// <summary>Takes submits; without it every submit is refused with <c>ESME_RSUBMITFAIL</c>.</summary>
    public SmppSubmitSmHandler? SubmitSm { get; init; }

    /// <summary>
    /// Answers the other requests a bound transmitter may send (<c>submit_multi</c>, <c>data_sm</c>,
    /// <c>query_sm</c>, <c>cancel_sm</c>, <c>replace_sm</c>); return the response. Without it each is refused with
    /// its failure status (<c>ESME_RSUBMITFAIL</c>, <c>ESME_RQUERYFAIL</c>, <c>ESME_RCANCELFAIL</c>, <c>ESME_RREPLACEFAIL</c>).
    /// </summary>
    public Func<SmppSession, SmppPdu, CancellationToken, ValueTask<SmppPdu>>? OtherRequest { get; init; }

    /// <summary>Called once a session is bound and its bind response queued, e.g. to start sending <c>deliver_sm</c>.</summary>
    public Func<SmppSession, CancellationToken, ValueTask>? SessionBound { get; init; }
}
