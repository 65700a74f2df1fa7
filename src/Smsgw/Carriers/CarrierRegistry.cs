using Microsoft.Extensions.Options;
using Smsgw.Accounts;

namespace Smsgw.Carriers;

/// <summary>The configured carriers by name, and which one takes an account's traffic.</summary>
internal sealed class CarrierRegistry
{
    private readonly Dictionary<string, ICarrier> _carriers;
    private readonly string _default;

    public CarrierRegistry(IEnumerable<ICarrier> carriers, IOptions<CarrierOptions> options)
    {
        _carriers = carriers.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        _default = options.Value.Default;
        if (!_carriers.ContainsKey(_default))
        {
            throw new InvalidOperationException($"Smsgw:Carriers:Default names '{_default}', but the configured carriers are: {string.Join(", ", _carriers.Keys)}.");
        }
    }

    /// <summary>Routes are not configurable yet: every account goes to the default carrier.</summary>
    public ICarrier ForAccount(AccountId accountId) => _carriers[_default];
}
