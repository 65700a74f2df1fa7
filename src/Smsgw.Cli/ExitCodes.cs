namespace Smsgw.Cli;

/// <summary>What <c>smsgw</c> exits with, so scripts can tell a refusal from a mistake in the command line.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The gateway or the store refused (API error, name taken, no such account, server failed to start).</summary>
    public const int Failure = 1;

    /// <summary>The command cannot run as written (missing credentials, unreadable file, bad address).</summary>
    public const int Usage = 2;
}
