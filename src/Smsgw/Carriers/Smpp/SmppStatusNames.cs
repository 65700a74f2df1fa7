using System.Globalization;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Carriers.Smpp;

/// <summary>A <c>command_status</c> as the spec names it, for the detail kept with a refused message (SMPP 3.4 §5.1.3).</summary>
internal static class SmppStatusNames
{
    /// <summary>A refused submit's status; a <c>generic_nack</c> is named as one, with its own status as received.</summary>
    public static string Describe(SubmitSmResp response) =>
        response.GenericNack is { } nack ? $"generic_nack {Describe(nack.CommandStatus)}" : Describe(response.CommandStatus);

    public static string Describe(CommandStatus status) =>
        $"{Name(status)} 0x{((uint)status).ToString("X8", CultureInfo.InvariantCulture)}";

    private static string Name(CommandStatus status) => status switch
    {
        CommandStatus.InvalidMessageLength => "ESME_RINVMSGLEN",
        CommandStatus.InvalidCommandId => "ESME_RINVCMDID",
        CommandStatus.InvalidBindStatus => "ESME_RINVBNDSTS",
        CommandStatus.SystemError => "ESME_RSYSERR",
        CommandStatus.InvalidDestinationAddress => "ESME_RINVDSTADR",
        CommandStatus.InvalidSourceAddress => "ESME_RINVSRCADR",
        CommandStatus.MessageQueueFull => "ESME_RMSGQFUL",
        CommandStatus.SubmitFailed => "ESME_RSUBMITFAIL",
        CommandStatus.Throttled => "ESME_RTHROTTLED",
        CommandStatus.Ok => "ESME_ROK",
        CommandStatus.InvalidCommandLength => "ESME_RINVCMDLEN",
        _ => Enum.IsDefined(status) ? status.ToString() : "ESME status",
    };
}
