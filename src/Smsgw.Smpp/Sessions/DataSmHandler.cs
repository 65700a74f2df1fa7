using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// Takes a <c>data_sm</c> received in the ESME role (a mobile-originated message or a delivery receipt in the reduced
/// layout, its content in <c>message_payload</c>) and returns the <c>command_status</c> of the <c>data_sm_resp</c>. As
/// with <see cref="DeliverSmHandler"/>, the response is written only after the returned task completes, so store first;
/// a thrown exception is answered with <c>ESME_RSYSERR</c>, which makes the SMSC retry.
/// </summary>
/// <param name="dataSm">The PDU.</param>
/// <param name="cancellationToken">Cancelled when the session closes.</param>
/// <returns>The status to answer with.</returns>
public delegate ValueTask<CommandStatus> DataSmHandler(DataSm dataSm, CancellationToken cancellationToken);
