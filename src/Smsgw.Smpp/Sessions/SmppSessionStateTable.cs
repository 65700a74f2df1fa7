using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// Which received requests each state accepts, per role (SMPP 3.4 §2.3, table 2-1). A request outside the table is
/// answered with <c>ESME_RINVBNDSTS</c>; responses are not in it: they always go to the window.
/// </summary>
public static class SmppSessionStateTable
{
    /// <summary>Whether a session of <paramref name="role"/> in <paramref name="state"/> handles a received <paramref name="commandId"/>.</summary>
    /// <param name="role">The role of the receiving session.</param>
    /// <param name="state">Its state.</param>
    /// <param name="commandId">The received request.</param>
    /// <returns>True when accepted.</returns>
    public static bool Accepts(SmppSessionRole role, SmppSessionState state, CommandId commandId) => (role, state) switch
    {
        (_, SmppSessionState.Closed or SmppSessionState.Connecting) => false,

        // Both roles: the keep-alive is always answered while connected.
        _ when commandId == CommandId.EnquireLink => true,

        (SmppSessionRole.Smsc, SmppSessionState.Open) => commandId is
            CommandId.BindTransmitter or CommandId.BindReceiver or CommandId.BindTransceiver,
        (SmppSessionRole.Smsc, SmppSessionState.BoundTx or SmppSessionState.BoundTrx) => commandId is
            CommandId.SubmitSm or CommandId.SubmitMulti or CommandId.DataSm or CommandId.QuerySm
            or CommandId.CancelSm or CommandId.ReplaceSm or CommandId.Unbind,
        (SmppSessionRole.Smsc, SmppSessionState.BoundRx) => commandId is CommandId.Unbind,

        (SmppSessionRole.Esme, SmppSessionState.Open) => commandId is CommandId.Outbind,
        (SmppSessionRole.Esme, SmppSessionState.BoundTx) => commandId is CommandId.Unbind,
        (SmppSessionRole.Esme, SmppSessionState.BoundRx or SmppSessionState.BoundTrx) => commandId is
            CommandId.DeliverSm or CommandId.DataSm or CommandId.AlertNotification or CommandId.Unbind,

        // Binding and Unbinding: nothing but enquire_link until the bind or unbind is answered.
        _ => false,
    };

    /// <summary>Whether <paramref name="state"/> is one of the bound states.</summary>
    /// <param name="state">The state.</param>
    /// <returns>True for <c>BoundTx</c>, <c>BoundRx</c> and <c>BoundTrx</c>.</returns>
    public static bool IsBound(SmppSessionState state) =>
        state is SmppSessionState.BoundTx or SmppSessionState.BoundRx or SmppSessionState.BoundTrx;
}
