using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Smsgw.Storage.Migration;

/// <summary>
/// One table from SQLite into PostgreSQL by binary COPY. The column list comes from the PostgreSQL catalog, so a
/// column added to both schemas is copied without a change here, and one added to only one of them stops the copy.
/// </summary>
internal static class TableCopy
{
    public sealed record Column(string Name, NpgsqlDbType Type);

    public static async Task<IReadOnlyList<Column>> TargetColumnsAsync(NpgsqlConnection target, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT column_name, udt_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table
            ORDER BY ordinal_position
            """, target);
        command.Parameters.AddWithValue("table", table);
        var columns = new List<Column>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            var type = reader.GetString(1) switch
            {
                "int8" => NpgsqlDbType.Bigint,
                "int4" => NpgsqlDbType.Integer,
                "int2" => NpgsqlDbType.Smallint,
                "text" => NpgsqlDbType.Text,
                "varchar" => NpgsqlDbType.Varchar,
                "bytea" => NpgsqlDbType.Bytea,
                "bool" => NpgsqlDbType.Boolean,
                "float8" => NpgsqlDbType.Double,
                var other => throw new InvalidOperationException($"{table}.{name} has PostgreSQL type {other}, which the SQLite copy does not convert yet"),
            };
            columns.Add(new Column(name, type));
        }
        return columns.Count > 0 ? columns : throw new InvalidOperationException($"The PostgreSQL schema has no table {table}");
    }

    /// <summary>Fails unless the SQLite table has exactly the target's columns: a column on one side only would be lost or left empty.</summary>
    public static void CheckSourceColumns(SqliteTransaction source, string table, IReadOnlyList<Column> columns)
    {
        using var command = source.Connection!.CreateCommand();
        command.Transaction = source;
        command.CommandText = "SELECT name FROM pragma_table_info(@table)";
        command.Parameters.AddWithValue("@table", table);
        var names = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }
        var missing = columns.Select(c => c.Name).Where(n => !names.Contains(n)).ToList();
        var extra = names.Except(columns.Select(c => c.Name), StringComparer.Ordinal).ToList();
        if (names.Count == 0 || missing.Count > 0 || extra.Count > 0)
        {
            throw new InvalidOperationException(
                $"The SQLite and PostgreSQL schemas of {table} differ (only in PostgreSQL: {string.Join(", ", missing)}; only in SQLite: {string.Join(", ", extra)})");
        }
    }

    /// <summary>Streams every row of <paramref name="table"/>; ids travel as they are, so every reference between rows still holds.</summary>
    public static async Task<long> CopyAsync(SqliteTransaction source, NpgsqlConnection target, string table, IReadOnlyList<Column> columns, CancellationToken cancellationToken)
    {
        // Names come from the catalog, never from input; quoted so a name that is also a keyword stays a name.
        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        using var select = source.Connection!.CreateCommand();
        select.Transaction = source;
        select.CommandText = $"SELECT {list} FROM \"{table}\"";
        using var reader = select.ExecuteReader();
        await using var importer = await target.BeginBinaryImportAsync($"COPY \"{table}\" ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        while (reader.Read())
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < columns.Count; i++)
            {
                await WriteAsync(importer, reader, i, columns[i].Type, cancellationToken).ConfigureAwait(false);
            }
        }
        return (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    // SQLite types by value, not column: read each value as the target column's type, which also checks it fits.
    private static Task WriteAsync(NpgsqlBinaryImporter importer, SqliteDataReader reader, int i, NpgsqlDbType type, CancellationToken cancellationToken) =>
        reader.IsDBNull(i) ? importer.WriteNullAsync(cancellationToken) : type switch
        {
            NpgsqlDbType.Bigint => importer.WriteAsync(reader.GetInt64(i), type, cancellationToken),
            NpgsqlDbType.Integer => importer.WriteAsync(reader.GetInt32(i), type, cancellationToken),
            NpgsqlDbType.Smallint => importer.WriteAsync(reader.GetInt16(i), type, cancellationToken),
            NpgsqlDbType.Boolean => importer.WriteAsync(reader.GetInt64(i) != 0, type, cancellationToken),
            NpgsqlDbType.Double => importer.WriteAsync(reader.GetDouble(i), type, cancellationToken),
            NpgsqlDbType.Bytea => importer.WriteAsync(reader.GetFieldValue<byte[]>(i), type, cancellationToken),
            _ => importer.WriteAsync(reader.GetString(i), type, cancellationToken),
        };
}
