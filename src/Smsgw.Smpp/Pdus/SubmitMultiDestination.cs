namespace Smsgw.Smpp.Pdus;

/// <summary>
/// One entry of <c>dest_address</c> in <c>submit_multi</c> (SMPP 3.4 §4.5.1.1): an SME address
/// (<c>dest_flag</c> 1) or a distribution list name (<c>dest_flag</c> 2).
/// </summary>
/// <param name="DestFlag"><c>dest_flag</c>: 1 SME address, 2 distribution list.</param>
/// <param name="DestAddrTon"><c>dest_addr_ton</c> of an SME address.</param>
/// <param name="DestAddrNpi"><c>dest_addr_npi</c> of an SME address.</param>
/// <param name="Address"><c>destination_addr</c> (max 21) or <c>dl_name</c> (max 21).</param>
public sealed record SubmitMultiDestination(byte DestFlag, byte DestAddrTon, byte DestAddrNpi, string Address)
{
    /// <summary><c>dest_flag</c> of an SME address.</summary>
    public const byte SmeAddressFlag = 1;

    /// <summary><c>dest_flag</c> of a distribution list name.</summary>
    public const byte DistributionListFlag = 2;

    /// <summary>An SME address.</summary>
    /// <param name="ton">The type of number.</param>
    /// <param name="npi">The numbering plan.</param>
    /// <param name="address">The address, at most 20 characters.</param>
    /// <returns>The entry.</returns>
    public static SubmitMultiDestination ToSme(byte ton, byte npi, string address) => new(SmeAddressFlag, ton, npi, address);

    /// <summary>A distribution list.</summary>
    /// <param name="name">The list name, at most 20 characters.</param>
    /// <returns>The entry.</returns>
    public static SubmitMultiDestination ToDistributionList(string name) => new(DistributionListFlag, 0, 0, name);
}
