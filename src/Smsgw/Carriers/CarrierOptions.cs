namespace Smsgw.Carriers;

/// <summary>Which carrier takes an account's traffic. Bound from <c>Smsgw:Carriers</c>.</summary>
public sealed class CarrierOptions
{
    public const string Section = "Smsgw:Carriers";

    /// <summary>Name of the carrier every account uses (the built-in <c>simulator</c> unless configured).</summary>
    public string Default { get; set; } = "simulator";
}
