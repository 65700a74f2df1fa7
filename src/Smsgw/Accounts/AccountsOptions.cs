namespace Smsgw.Accounts;

/// <summary>Whether the server creates a demo account on first start. Bound from <c>Smsgw:Accounts</c>.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Smsgw:Accounts";

    public bool CreateDemoAccount { get; set; } = true;

    public string DemoAccountName { get; set; } = "demo";
}
