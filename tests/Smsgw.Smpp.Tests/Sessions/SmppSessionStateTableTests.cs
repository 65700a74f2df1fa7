using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Sessions;
using Xunit;

namespace Smsgw.Smpp.Tests.Sessions;

public sealed class SmppSessionStateTableTests
{
    [Theory]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.Open, CommandId.BindTransceiver, true)]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.Open, CommandId.SubmitSm, false)]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.BoundTx, CommandId.SubmitSm, true)]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.BoundRx, CommandId.SubmitSm, false)]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.BoundTrx, CommandId.DeliverSm, false)]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.BoundRx, CommandId.Unbind, true)]
    [InlineData(SmppSessionRole.Smsc, SmppSessionState.Binding, CommandId.SubmitSm, false)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.BoundTx, CommandId.DeliverSm, false)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.BoundRx, CommandId.DeliverSm, true)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.BoundTrx, CommandId.SubmitSm, false)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.Open, CommandId.Outbind, true)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.Unbinding, CommandId.DeliverSm, false)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.Unbinding, CommandId.EnquireLink, true)]
    [InlineData(SmppSessionRole.Esme, SmppSessionState.Closed, CommandId.EnquireLink, false)]
    public void The_table_accepts_only_what_the_state_allows(SmppSessionRole role, SmppSessionState state, CommandId commandId, bool accepted) =>
        Assert.Equal(accepted, SmppSessionStateTable.Accepts(role, state, commandId));
}
