using System.CommandLine;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary><c>--page</c> and <c>--limit</c> of the list verbs, and the lines every list prints around its table.</summary>
internal sealed class Paging
{
    private readonly Option<int?> _page = new("--page") { Description = "Page number, from 1" };
    private readonly Option<int?> _limit = new("--limit") { Description = "Messages per page, 1 to 2000 (default 1000)" };

    private Paging(Command command) => Command = command;

    public Command Command { get; }

    public static Paging AddTo(Command command)
    {
        var paging = new Paging(command);
        command.Options.Add(paging._page);
        command.Options.Add(paging._limit);
        return paging;
    }

    public int? Page(ParseResult parseResult) => parseResult.GetValue(_page);

    public int? Limit(ParseResult parseResult) => parseResult.GetValue(_limit);

    public static string Summary(int shown, long total, int page) => $"{shown} of {total} (page {page})";

    /// <summary>An MMS's files after its text, so their URLs can be opened from the terminal.</summary>
    public static string Files(IReadOnlyList<MessageFile>? files) =>
        files is null or { Count: 0 } ? "" : string.Concat(files.Select(f => $" [{f.Mime} {f.Name} {f.Image}]"));
}
