namespace Smsgw.Messages;

/// <summary>One status for a message from its parts' receipts (the same rule on every engine).</summary>
internal static class MessagePartStatus
{
    /// <summary>
    /// The first failed part decides a failure; delivered only when every part is; otherwise a part still
    /// at the operator (buffered), then one with no report (unknown), makes the whole; else it is submitted.
    /// </summary>
    public static (MessageStatus Status, string? Error) Combine(IReadOnlyList<(MessageStatus Status, string? Error)> parts)
    {
        foreach (var part in parts)
        {
            if (part.Status is MessageStatus.NotDelivered or MessageStatus.Rejected or MessageStatus.Expired)
            {
                return part;
            }
        }
        if (parts.Count > 0 && parts.All(p => p.Status == MessageStatus.Delivered))
        {
            return (MessageStatus.Delivered, null);
        }
        foreach (var waiting in (ReadOnlySpan<MessageStatus>)[MessageStatus.Buffered, MessageStatus.Unknown])
        {
            foreach (var part in parts)
            {
                if (part.Status == waiting)
                {
                    return part;
                }
            }
        }
        return (MessageStatus.Submitted, null);
    }
}
