namespace Smsgw.Cli;

/// <summary>Human-readable output: left-aligned columns under an upper-case header, two spaces apart, the last column unpadded.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string?[] cells) => _rows.Add([.. cells.Select(OneLine)]);

    public void WriteTo(TextWriter output)
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (var row in _rows)
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    /// <summary>A message's line breaks would break the table: show them as the two characters \n.</summary>
    /// <summary>One line of printable text: line breaks as \n, other control characters (terminal escapes from a
    /// message or a webhook receiver's answer) as U+FFFD.</summary>
    public static string OneLine(string? text) =>
        string.IsNullOrEmpty(text) ? "" : new string([.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            .SelectMany(c => c == '\n' ? "\\n" : char.IsControl(c) ? "\uFFFD" : c.ToString())]);
}
