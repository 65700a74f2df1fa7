using Microsoft.Extensions.Options;
using Smsgw.Accounts;

namespace Smsgw.Carriers;

/// <summary>The configured carriers by name, and which one takes a message: routes are data, the first match wins.</summary>
internal sealed class CarrierRegistry
{
    private readonly Dictionary<string, ICarrier> _carriers;
    private readonly ICarrier _default;
    private readonly List<(CarrierRoute Route, ICarrier Carrier)> _routes;

    public CarrierRegistry(IEnumerable<ICarrier> carriers, IOptions<CarrierOptions> options)
    {
        _carriers = carriers.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        _default = Find(options.Value.Default, "Smsgw:Carriers:Default");
        _routes = options.Value.Routes.Select((route, i) => (route, Find(route.Carrier, $"Smsgw:Carriers:Routes:{i}:Carrier"))).ToList();
    }

    public ICarrier? this[string name] => _carriers.GetValueOrDefault(name);

    /// <summary>The carrier for a message of <paramref name="accountId"/> to <paramref name="receiver"/>.</summary>
    public ICarrier Route(AccountId accountId, string? receiver)
    {
        foreach (var (route, carrier) in _routes)
        {
            if (route.Matches(accountId.Value, receiver))
            {
                return carrier;
            }
        }
        return _default;
    }

    private ICarrier Find(string name, string key) => _carriers.TryGetValue(name, out var carrier)
        ? carrier
        : throw new InvalidOperationException($"{key} names '{name}', but the configured carriers are: {string.Join(", ", _carriers.Keys)}.");
}
