using System.Diagnostics.Metrics;

namespace Smsgw.Hosting;

/// <summary>The one <see cref="Meter"/> every concern declares its instruments on (exported at <c>/metrics</c>).</summary>
internal sealed class SmsgwMeter(IMeterFactory factory)
{
    public const string Name = "Smsgw";

    public Meter Meter { get; } = factory.Create(Name);
}
