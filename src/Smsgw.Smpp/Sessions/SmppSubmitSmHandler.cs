using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>Takes a <c>submit_sm</c> on the SMSC side and returns the message id, or the error status.</summary>
/// <param name="session">The bound session it came on.</param>
/// <param name="submitSm">The PDU.</param>
/// <param name="cancellationToken">Cancelled when the session closes.</param>
/// <returns>The outcome for <c>submit_sm_resp</c>.</returns>
public delegate ValueTask<SubmitSmResult> SmppSubmitSmHandler(SmppSession session, SubmitSm submitSm, CancellationToken cancellationToken);
