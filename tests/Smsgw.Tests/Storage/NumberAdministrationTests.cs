using Microsoft.Extensions.Configuration;
using Smsgw.Accounts;
using Smsgw.Hosting;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Storage;

public sealed class NumberAdministrationTests : IDisposable
{
    private readonly string _directory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_directory);

    [Fact]
    public async Task A_number_belongs_to_one_account_and_is_stored_in_international_form()
    {
        var configuration = await TestStorage.ConfigurationAsync(_directory);
        await using var operators = await OperatorServices.OpenAsync(configuration, TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await operators.Accounts.CreateAsync("shop", ct);
        await operators.Accounts.CreateAsync("bank", ct);

        Assert.Equal(NumberAssignment.Assigned, await operators.Numbers.AssignAsync("0460 00 00 00", "shop", ct));
        Assert.Equal(NumberAssignment.Assigned, await operators.Numbers.AssignAsync("+32460000000", "shop", ct)); // same number, same account
        Assert.Equal(NumberAssignment.Taken, await operators.Numbers.AssignAsync("0032460000000", "bank", ct));
        Assert.Equal(NumberAssignment.NoSuchAccount, await operators.Numbers.AssignAsync("32460000001", "nobody", ct));
        Assert.Equal(NumberAssignment.InvalidNumber, await operators.Numbers.AssignAsync("not-a-number", "shop", ct));
        Assert.Equal(NumberAssignment.Assigned, await operators.Numbers.AssignAsync("8850", "bank", ct));

        var numbers = await operators.Numbers.ListAsync(ct);
        Assert.Equal([("8850", "bank"), ("32460000000", "shop")], numbers.Select(n => (n.Number, n.Account)));
        Assert.True(await operators.Numbers.RemoveAsync("+32 460 00 00 00", ct));
        Assert.False(await operators.Numbers.RemoveAsync("32460000000", ct));
        Assert.Equal(NumberAssignment.Assigned, await operators.Numbers.AssignAsync("32460000000", "bank", ct));
    }
}
