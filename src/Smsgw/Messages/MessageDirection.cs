namespace Smsgw.Messages;

internal enum MessageDirection
{
    Outbound = 0,
    Inbound = 1,
}
