namespace Smsgw.Storage.Sql;

internal enum RowColumn
{
    Int64,
    Int32,
    Text,
}

/// <summary>
/// A table passed to one statement as parameters, so a whole batch is one statement (one round trip on PostgreSQL)
/// instead of one per row. Use it as <c>FROM {context.Rows(rows)}</c>: the columns are named as given, the table as
/// <see cref="Name"/>. PostgreSQL binds one array per column (<c>unnest</c>), SQLite one JSON array of rows.
/// </summary>
internal sealed class RowSet(string name, params (string Name, RowColumn Type)[] columns)
{
    private readonly List<object?[]> _rows = [];

    public string Name { get; } = name;

    public IReadOnlyList<(string Name, RowColumn Type)> Columns { get; } = columns;

    public IReadOnlyList<object?[]> Rows => _rows;

    public int Count => _rows.Count;

    /// <summary>A row, its values in column order (a long, an int or a string; null where the column allows).</summary>
    public RowSet Add(params object?[] values)
    {
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"{Name} has {Columns.Count} columns, not {values.Length}.", nameof(values));
        }
        _rows.Add(values);
        return this;
    }
}
