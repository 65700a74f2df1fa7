namespace Smsgw.Carriers;

/// <summary>
/// One route (<c>Smsgw:Carriers:Routes:&lt;i&gt;</c>): messages to numbers starting with <see cref="Prefix"/> and/or of
/// account <see cref="Account"/> go to <see cref="Carrier"/>. Routes are tried in order; the first match wins;
/// an empty field matches anything.
/// </summary>
public sealed class CarrierRoute
{
    /// <summary>Destination prefix in stored form (international digits without '+'), e.g. <c>3247</c>.</summary>
    public string? Prefix { get; set; }

    /// <summary>Account id (as <c>smsgw accounts list</c> shows it).</summary>
    public long? Account { get; set; }

    public string Carrier { get; set; } = "";

    public bool Matches(long accountId, string? receiver) =>
        (Account is null || Account == accountId)
        && (string.IsNullOrEmpty(Prefix) || (receiver is not null && receiver.StartsWith(Prefix, StringComparison.Ordinal)));
}
