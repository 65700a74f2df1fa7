using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// Takes a received <c>deliver_sm</c> (a mobile-originated message or a delivery receipt) and returns the
/// <c>command_status</c> of the <c>deliver_sm_resp</c>. The response is written only after the returned task
/// completes, so store first and answer <see cref="CommandStatus.Ok"/> only once stored; a thrown exception is
/// answered with <c>ESME_RSYSERR</c>, which makes the SMSC retry.
/// </summary>
/// <param name="deliverSm">The PDU.</param>
/// <param name="cancellationToken">Cancelled when the session closes.</param>
/// <returns>The status to answer with.</returns>
public delegate ValueTask<CommandStatus> DeliverSmHandler(DeliverSm deliverSm, CancellationToken cancellationToken);
