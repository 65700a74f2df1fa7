using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using Smsgw.Accounts;
using Smsgw.Hosting;
using Smsgw.Storage.Migration;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Storage;

/// <summary>
/// <c>smsgw migrate</c>: a store written by a real gateway on SQLite, copied, then served by a real gateway on
/// PostgreSQL. Both engines in every test, so it runs once (excluded from Smsgw.Tests.Postgres).
/// </summary>
public sealed class SqliteToPostgresMigrationTests : IAsyncLifetime
{
    private const string PublicUrl = "https://sms.example.com";
    private const string Scheduled = "32470123456";
    private const string Replying = "32470120009";

    private readonly string _dataDirectory = TestGateway.NewDataDirectory();
    private readonly List<string> _databases = [];

    private string SqliteFile => Path.Combine(_dataDirectory, "smsgw.db");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
        TestGateway.TryDelete(_dataDirectory);
    }

    [Fact]
    public async Task A_stopped_sqlite_store_is_served_from_postgres_with_the_same_pages_credentials_and_pending_work()
    {
        var ct = TestContext.Current.CancellationToken;
        var hookPort = GatewayProcess.FreePort();
        var seeded = await SeedAsync(hookPort);
        var pendingEvents = (await TestStorage.QueryAsync(_dataDirectory, "SELECT event_id FROM webhook_events WHERE state = 0")).Select(r => (string)r[0]).ToList();
        Assert.NotEmpty(pendingEvents);
        var database = await NewDatabaseAsync();

        var report = await new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct);

        Assert.Equal(SqliteToPostgresCopy.Tables, report.Tables.Select(t => t.Table));
        Assert.Equal(0, report.MissingFiles);
        foreach (var table in SqliteToPostgresCopy.Tables)
        {
            Assert.Equal(await SqliteRowsAsync(table), await PostgresRowsAsync(database, table));
        }
        await using var receiver = await WebhookReceiver.StartAsync(hookPort);
        var clock = FakeClock.AtNow();
        await using var postgres = await TestGateway.StartAsync(Settings(database), clock, _dataDirectory);
        Assert.Null(postgres.Demo); // the copied accounts are there, so no demo account was made
        using var client = postgres.Client(seeded.Demo);

        foreach (var (path, page) in seeded.Pages)
        {
            Assert.Equal(page, await TextAsync(client, path));
        }
        using (var second = postgres.Client(seeded.Second))
        {
            Assert.Equal(seeded.SecondHistory, await TextAsync(second, "/v1/message/history"));
        }
        using (var wrong = postgres.Client(seeded.Demo with { ClientSecret = seeded.Second.ClientSecret }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/message/history")).StatusCode);
        }
        Assert.Equal(seeded.File, await client.GetByteArrayAsync(seeded.FileUrl.Replace(PublicUrl, "", StringComparison.Ordinal), ct));
        var retried = await SendWithKeyAsync(client);
        Assert.Equal(seeded.KeyedResponse, await retried.Content.ReadAsStringAsync(ct));

        // New rows take ids after the copied ones: a collision would fail the insert (500).
        var oldMaxId = await PostgresScalarAsync(database, "SELECT MAX(id) FROM messages");
        var fresh = await client.SendJsonAsync("/v1/message/send", new { message = "after the move", to = Scheduled, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(oldMaxId + 1, await PostgresScalarAsync(database, "SELECT MAX(id) FROM messages"));
        using (var third = postgres.Client(await postgres.CreateAccountAsync("third")))
        {
            Assert.Equal(HttpStatusCode.OK, (await third.GetAsync("/v1/message/history")).StatusCode);
        }
        Assert.Equal(3, await PostgresScalarAsync(database, "SELECT MAX(id) FROM accounts"));

        // The scheduled message was still waiting: it goes out when due, on PostgreSQL.
        var delivered = await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(5), async () => await (await client.GetAsync($"/v1/message/{seeded.ScheduledId}")).JsonAsync(),
            d => d.GetProperty("status").GetString() == "DELIVERED", TimeSpan.FromMinutes(30));
        Assert.Equal(1, delivered.GetProperty("partDetails").GetArrayLength());
        // Webhook events the old server could not deliver are delivered by the new one.
        await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(receiver.Requests.Select(r => r.Headers["X-Smsgw-Event-Id"]).ToHashSet()),
            received => pendingEvents.All(received.Contains));
    }

    [Fact]
    public async Task A_second_migrate_into_the_same_database_is_refused_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedWithOperatorsAsync();
        var database = await NewDatabaseAsync();
        await new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct);
        var before = await PostgresRowsAsync(database, "accounts");

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct));

        Assert.Contains("not empty (rows in accounts", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PostgresRowsAsync(database, "accounts"));
    }

    [Fact]
    public async Task Migrate_while_a_server_runs_on_the_sqlite_directory_is_refused_before_postgres_is_touched()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await NewDatabaseAsync();
        await using var running = await TestGateway.StartAsync(dataDirectory: _dataDirectory);

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct));

        Assert.StartsWith($"a gateway server is running on {_dataDirectory}: stop it first", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await PostgresScalarAsync(database, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"));
    }

    [Fact]
    public async Task A_store_behind_this_builds_schema_is_refused_and_the_command_the_refusal_names_fixes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var behind = SqliteToPostgresCopy.LatestSqliteVersion - 1;
        await CreateStoreAtVersionAsync(behind);
        var database = await NewDatabaseAsync();

        var refused = await Assert.ThrowsAsync<CopyRefusedException>(() => new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct));

        Assert.Contains($"is at schema version {behind} and this smsgw copies version {SqliteToPostgresCopy.LatestSqliteVersion}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"`smsgw accounts list --data {_dataDirectory}`", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await PostgresScalarAsync(database, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"));
        // What `smsgw accounts list --data DIR` does first: open the store, which applies the missing migrations.
        await SeedWithOperatorsAsync();
        var report = await new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct);
        Assert.Equal(1, report.Tables.Single(t => t.Table == "accounts").Rows);
    }

    [Fact]
    public async Task The_cli_prints_every_table_and_a_final_line_then_refuses_a_second_run_with_one_error_line()
    {
        await SeedWithOperatorsAsync();
        var database = await NewDatabaseAsync();

        var (exitCode, output, error) = await RunCliAsync("migrate", "--from-sqlite", SqliteFile, "--to-postgres", database);

        Assert.True(exitCode == 0, error);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith($"copying {SqliteFile} into postgres://", lines[0], StringComparison.Ordinal);
        Assert.All(SqliteToPostgresCopy.Tables, t => Assert.Contains(lines, l => l.StartsWith(t + " ", StringComparison.Ordinal)));
        Assert.Matches(@"^accounts +1 rows", lines.Single(l => l.StartsWith("accounts ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith($"next: smsgw serve --data {_dataDirectory} --postgres", StringComparison.Ordinal));
        Assert.Matches(@"^migrated \d+ rows of 14 tables \(schema \d+\) in [0-9.]+ s \([0-9]+ rows/s\)$", lines[^1]);

        (exitCode, _, error) = await RunCliAsync("migrate", "--from-sqlite", _dataDirectory, "--to-postgres", database);
        Assert.Equal(1, exitCode);
        Assert.Matches("^error: the PostgreSQL database is not empty .*; nothing was written to PostgreSQL$", error.TrimEnd());
        Assert.Single(error.TrimEnd().Split('\n'));

        (exitCode, _, error) = await RunCliAsync("migrate", "--from-sqlite", Path.Combine(_dataDirectory, "nope.db"), "--to-postgres", database);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: no SQLite file at", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forty_thousand_rows_copy_row_for_row_and_report_their_rate()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedWithOperatorsAsync();
        const int messages = 20_000;
        await ExecuteSqliteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {messages})
            INSERT INTO messages (account_id, direction, message_id, peer, local, body, encoding, parts, created_at, conv_seq, list_seq, status, status_at, carrier, attempts)
            SELECT 1, 0, printf('m%029d', i), printf('32470%06d', i % 100), 'MyBrand', 'Message number ' || i || ' of the load', 0, 1,
                   1700000000000 + i, i, i, 3, 1700000000000 + i, 'simulator', 1
            FROM n;
            INSERT INTO message_parts (message_rowid, part_no, carrier, carrier_message_id, status, updated_at)
            SELECT id, 1, 'simulator', 'c' || id, 2, created_at FROM messages;
            """);
        var database = await NewDatabaseAsync();

        var report = await new SqliteToPostgresCopy(TimeProvider.System).RunAsync(SqliteFile, database, null, ct);

        var copied = report.Tables.Single(t => t.Table == "messages");
        Assert.Equal(messages, copied.Rows);
        Assert.Equal(messages, report.Tables.Single(t => t.Table == "message_parts").Rows);
        Assert.Equal(await SqliteRowsAsync("messages"), await PostgresRowsAsync(database, "messages"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"messages: {copied.Rows} rows in {copied.Elapsed.TotalMilliseconds:0} ms ({copied.Rows / copied.Elapsed.TotalSeconds:0} rows/s); all {report.Rows} rows in {report.Elapsed.TotalMilliseconds:0} ms ({report.Rows / report.Elapsed.TotalSeconds:0} rows/s)"));
    }

    private sealed record Seeded(
        IssuedCredentials Demo, IssuedCredentials Second, string ScheduledId, string KeyedResponse, string FileUrl, byte[] File,
        IReadOnlyDictionary<string, string> Pages, string SecondHistory);

    /// <summary>Traffic through a real gateway on SQLite: delivered, replied, multipart, keyed, scheduled, an MMS, webhook events left pending.</summary>
    private async Task<Seeded> SeedAsync(int hookPort)
    {
        var sqlite = await TestGateway.StartAsync(Settings(null), dataDirectory: _dataDirectory);
        await using (sqlite)
        {
            using var client = sqlite.Client();
            var second = await sqlite.CreateAccountAsync("second");
            using var secondClient = sqlite.Client(second);
            var hook = await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = $"http://127.0.0.1:{hookPort}/hook", webhook_method = "POST", webhook_types = new[] { "delivery_report", "inbox_message" } });
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
            await client.SendJsonAsync("/v1/message/send", new { message = "hello", to = Scheduled, sender = "MyBrand", reference = "r-1" });
            await client.SendJsonAsync("/v1/message/send", new { message = "answer me", to = Replying, sender = "MyBrand" });
            await client.SendJsonAsync("/v1/message/send", new { message = new string('x', 300), to = Scheduled, sender = "MyBrand" });
            await secondClient.SendJsonAsync("/v1/message/send", new { message = "from the other account", to = Scheduled, sender = "Other" });
            var keyed = await (await SendWithKeyAsync(client)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var due = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(10), TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels"));
            var scheduled = await (await client.SendJsonAsync("/v1/message/send", new { message = "later", to = Scheduled, sender = "MyBrand", date = due.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) })).JsonAsync();
            byte[] file = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5];
            await client.SendJsonAsync("/v1/simulator/inbound", new { from = Scheduled, to = "MyBrand", message = "a photo", files = new[] { new { name = "p.png", mime = "image/png", contentBase64 = Convert.ToBase64String(file) } } });

            await HttpJson.EventuallyAsync(async () => await (await client.GetAsync("/v1/message/history")).JsonAsync(),
                h => h.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "DELIVERED") == 4);
            var inbox = await HttpJson.EventuallyAsync(async () => await (await client.GetAsync("/v1/message/inbox")).JsonAsync(), i => i.GetProperty("total").GetInt64() == 2);
            await HttpJson.EventuallyAsync(async () => await (await secondClient.GetAsync("/v1/message/history")).JsonAsync(),
                h => h.GetProperty("messages")[0].GetProperty("status").GetString() == "DELIVERED");
            var fileUrl = inbox.GetProperty("messages").EnumerateArray().SelectMany(m => m.TryGetProperty("file", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.Array ? f.EnumerateArray() : [])
                .Single().GetProperty("image").GetString()!;
            var scheduledId = scheduled.GetProperty("messageid").GetString()!;
            var pages = new Dictionary<string, string>();
            foreach (var path in new[] { $"/v1/conversation/{Scheduled}", $"/v1/conversation/{Replying}", "/v1/message/history", "/v1/message/inbox", $"/v1/message/{scheduledId}", "/v1/webhook/endpoint-list" })
            {
                pages[path] = await TextAsync(client, path);
            }
            var result = new Seeded(sqlite.Demo!, second, scheduledId, keyed, fileUrl, file, pages, await TextAsync(secondClient, "/v1/message/history"));
            await sqlite.StopAsync();
            return result;
        }
    }

    /// <summary>A small store without a server: one account, through the operator services as <c>smsgw accounts create</c>.</summary>
    private async Task SeedWithOperatorsAsync()
    {
        await using var operators = await OperatorServices.OpenAsync(await TestStorage.ConfigurationAsync(_dataDirectory), TestContext.Current.CancellationToken);
        await operators.Accounts.CreateAsync("acme", TestContext.Current.CancellationToken);
    }

    private static Dictionary<string, string?> Settings(string? postgres)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true",
            // File links carry this origin instead of each server's own port, so pages compare byte for byte.
            ["Smsgw:Api:PublicUrl"] = PublicUrl,
        };
        if (postgres is not null)
        {
            settings["Smsgw:Storage:Provider"] = "postgres";
            settings["Smsgw:Storage:ConnectionString"] = postgres;
        }
        return settings;
    }

    private static async Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/message/send")
        {
            Content = new StringContent("""{"message":"once only","to":"32470123457","sender":"MyBrand"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "order-42");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {text}");
        return text;
    }

    private async Task<string> NewDatabaseAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync("migrate");
        _databases.Add(database);
        return database;
    }

    /// <summary>A SQLite store as an older smsgw left it: the embedded migrations up to <paramref name="version"/> only.</summary>
    private Task CreateStoreAtVersionAsync(int version) => TestStorage.CreateSqliteStoreAtVersionAsync(_dataDirectory, version);

    private Task ExecuteSqliteAsync(string sql) => TestStorage.ExecuteSqliteAsync(_dataDirectory, sql);

    private static async Task<long> PostgresScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }

    // Every row of a table as text, sorted; lease_until aside, which the copy clears on purpose.
    private async Task<List<string>> SqliteRowsAsync(string table) =>
        Normalize(await TestStorage.QueryAsync(_dataDirectory, $"SELECT * FROM {table}"), await ColumnsAsync(table));

    private static async Task<List<string>> PostgresRowsAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT * FROM {table}", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return Normalize(rows, names);
    }

    private async Task<List<string>> ColumnsAsync(string table) =>
        [.. (await TestStorage.QueryAsync(_dataDirectory, $"SELECT name FROM pragma_table_info('{table}')")).Select(r => (string)r[0])];

    private static List<string> Normalize(List<object[]> rows, List<string> names) =>
        [.. rows.Select(row => string.Join(" | ", names.Select((name, i) => (name, i)).OrderBy(c => c.name, StringComparer.Ordinal)
            .Select(c => c.name == "lease_until" ? $"{c.name}=-" : $"{c.name}={Text(row[c.i])}")))
            .Order(StringComparer.Ordinal)];

    private static string Text(object value) => value switch
    {
        DBNull => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        IConvertible convertible => convertible.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(GatewayProcess.CliPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
