using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Smsgw.Inbound;

/// <summary>
/// Upstream providers that deliver inbound SMS/MMS over HTTP (<c>POST /carriers/{id}/inbound</c>), each with its own
/// token. Bound from <c>Smsgw:HttpCarriers:&lt;id&gt;:Token</c>; none are configured by default.
/// </summary>
public sealed class HttpCarrierOptions
{
    public const string Section = "Smsgw:HttpCarriers";

    public Dictionary<string, HttpCarrier> Carriers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="token"/> is the configured token of <paramref name="carrierId"/> (constant time).</summary>
    public bool Authenticates(string carrierId, string? token)
    {
        var expected = Carriers.TryGetValue(carrierId, out var carrier) ? carrier.Token : null;
        // Compare hashes so the time taken says nothing of the token's length or of whether the carrier exists.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(token ?? ""));
        var wanted = SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? Guid.NewGuid().ToString()));
        return CryptographicOperations.FixedTimeEquals(given, wanted) && !string.IsNullOrEmpty(expected);
    }

    public static void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddOptions<HttpCarrierOptions>()
            .Configure(o => configuration.GetSection(Section).Bind(o.Carriers))
            .Validate(o => o.Carriers.Values.All(c => c.Token.Length >= 16), "Smsgw:HttpCarriers:<id>:Token must be at least 16 characters")
            .ValidateOnStart();
}

/// <summary>One HTTP upstream provider.</summary>
public sealed class HttpCarrier
{
    /// <summary>Sent by the provider as <c>Authorization: Bearer &lt;token&gt;</c> (or <c>X-Carrier-Token</c>).</summary>
    public string Token { get; set; } = "";
}
