using Smsgw.Cli;

namespace Smsgw.Client.Tests.Support;

/// <summary>Runs the <c>smsgw</c> command in this process, capturing what a user would see on the terminal.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
