using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary><c>smsgw numbers add|list|remove</c> on a data directory of their own, as an operator would run them.</summary>
public sealed class NumbersCommandTests : IDisposable
{
    private readonly string _data = TempDirectory.Create();

    public void Dispose() => TempDirectory.TryDelete(_data);

    [Fact]
    public async Task A_number_is_added_to_an_account_listed_with_it_and_removed()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("accounts", "create", "shop", "--data", _data, "--json")).ExitCode);

        var added = await CliRunner.RunAsync("numbers", "add", "32460000000", "--account", "shop", "--data", _data);
        var listed = await CliRunner.RunAsync("numbers", "list", "--data", _data);
        var removed = await CliRunner.RunAsync("numbers", "remove", "32460000000", "--data", _data);
        var listedAfter = await CliRunner.RunAsync("numbers", "list", "--data", _data);
        var removedAgain = await CliRunner.RunAsync("numbers", "remove", "32460000000", "--data", _data);

        Assert.Equal((0, "32460000000 → shop"), (added.ExitCode, added.Stdout.Trim()));
        Assert.Equal(0, listed.ExitCode);
        Assert.Matches(@"(?m)^32460000000\s+shop\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*$", listed.Stdout);
        Assert.Equal((0, "removed 32460000000"), (removed.ExitCode, removed.Stdout.Trim()));
        Assert.Equal(0, listedAfter.ExitCode);
        Assert.DoesNotContain("32460000000", listedAfter.Stdout);
        Assert.Equal(1, removedAgain.ExitCode);
        Assert.Contains("'32460000000' is not assigned", removedAgain.Stderr);
    }

    [Fact]
    public async Task Adding_to_an_account_that_does_not_exist_exits_1_and_assigns_nothing()
    {
        var added = await CliRunner.RunAsync("numbers", "add", "32460000001", "--account", "nobody", "--data", _data);
        var listed = await CliRunner.RunAsync("numbers", "list", "--data", _data);

        Assert.Equal(1, added.ExitCode);
        Assert.Contains("no account named 'nobody'", added.Stderr);
        Assert.DoesNotContain("32460000001", listed.Stdout);
    }
}
