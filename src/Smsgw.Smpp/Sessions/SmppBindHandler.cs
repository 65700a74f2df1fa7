using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// Authenticates a bind on the SMSC side: <see cref="CommandStatus.Ok"/> binds the session; anything else
/// (<c>ESME_RINVPASWD</c>, <c>ESME_RINVSYSID</c>, <c>ESME_RBINDFAIL</c>, …) refuses it and the session stays open.
/// </summary>
/// <param name="session">The session being bound.</param>
/// <param name="bind">The bind request, with <c>system_id</c> and <c>password</c>.</param>
/// <param name="cancellationToken">Cancelled when the session closes.</param>
/// <returns>The status of the bind response.</returns>
public delegate ValueTask<CommandStatus> SmppBindHandler(SmppSession session, BindRequest bind, CancellationToken cancellationToken);
