using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>One entry of <c>unsuccess_sme</c> in <c>submit_multi_resp</c> (SMPP 3.4 §4.5.2.1).</summary>
/// <param name="DestAddrTon"><c>dest_addr_ton</c>.</param>
/// <param name="DestAddrNpi"><c>dest_addr_npi</c>.</param>
/// <param name="DestinationAddr"><c>destination_addr</c>, max 21.</param>
/// <param name="ErrorStatusCode"><c>error_status_code</c>, 4 octets: why this destination failed.</param>
public sealed record UnsuccessSme(byte DestAddrTon, byte DestAddrNpi, string DestinationAddr, CommandStatus ErrorStatusCode);
