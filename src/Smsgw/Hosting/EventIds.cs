namespace Smsgw.Hosting;

/// <summary>Event id ranges per concern, so a log line's id tells where it came from.</summary>
internal static class EventIds
{
    public const int Hosting = 1000;
    public const int Storage = 2000;
    public const int Accounts = 3000;
    public const int Messages = 4000;
    public const int Outbound = 5000;
    public const int Carriers = 6000;
    public const int Inbound = 7000;
    public const int Api = 8000;
    /// <summary>Smsgw.Smpp logs its own events from 9000 (it cannot reference this class).</summary>
    public const int Smpp = 9000;
    public const int Webhooks = 10000;
}
