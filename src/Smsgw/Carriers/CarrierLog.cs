using Microsoft.Extensions.Logging;
using Smsgw.Hosting;

namespace Smsgw.Carriers;

internal static partial class CarrierLog
{
    [LoggerMessage(EventIds.Carriers + 1, LogLevel.Error, "The simulator's event loop failed; retrying")]
    public static partial void SimulatorLoopFailed(ILogger logger, Exception exception);
}
