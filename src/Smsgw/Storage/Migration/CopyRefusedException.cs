namespace Smsgw.Storage.Migration;

/// <summary>
/// The copy did not start, or was rolled back, for a reason the operator can fix (a server still running, an old
/// SQLite schema, a target that is not empty). The message is one sentence meant for a terminal.
/// </summary>
internal sealed class CopyRefusedException : Exception
{
    public CopyRefusedException(string message)
        : base(message)
    {
    }

    public CopyRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
