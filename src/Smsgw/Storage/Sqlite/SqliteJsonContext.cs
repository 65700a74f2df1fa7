using System.Text.Json.Serialization;

namespace Smsgw.Storage.Sqlite;

/// <summary>Id lists passed to SQLite's json_each, so one statement serves a whole batch.</summary>
[JsonSerializable(typeof(IReadOnlyList<long>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
