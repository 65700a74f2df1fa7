namespace Smsgw.Carriers;

/// <summary>Which carrier takes a message. Bound from <c>Smsgw:Carriers</c>.</summary>
public sealed class CarrierOptions
{
    public const string Section = "Smsgw:Carriers";

    /// <summary>Name of the carrier taking what no route matches (the built-in <c>simulator</c> unless configured).</summary>
    public string Default { get; set; } = "simulator";

    /// <summary>Tried in order before <see cref="Default"/>; the first match wins.</summary>
    public List<CarrierRoute> Routes { get; set; } = [];
}
