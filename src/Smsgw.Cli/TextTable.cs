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
    public static string OneLine(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);
}
