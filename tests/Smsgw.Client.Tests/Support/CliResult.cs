namespace Smsgw.Client.Tests.Support;

/// <summary>What a user sees of one <c>smsgw</c> run: the exit code and both streams.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
