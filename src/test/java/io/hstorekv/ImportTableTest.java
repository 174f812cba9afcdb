package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.imports.ImportReport;
import io.hstorekv.imports.ImportSpec;
import io.hstorekv.imports.OnConflict;
import io.hstorekv.testing.Await;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** importTable against real tables: type mapping, keys, bad input, conflicts, resume, verification. */
class ImportTableTest extends StoreTestBase {
    private String src;

    @BeforeEach
    void sourceSchema() throws Exception {
        src = StoreFixture.uniqueName("src");
        TestSql.execute("CREATE SCHEMA " + src);
    }

    private ImportSpec settings() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".settings (key text PRIMARY KEY, value text)",
                "INSERT INTO " + src + ".settings VALUES ('theme', 'dark'), ('greeting', 'grüß dich, 世界 🎉'), "
                        + "('quote', 'it''s \"quoted\" => arrow'), ('marked', chr(1) || 'starts with chr(1)'), ('empty', ''), "
                        + "('nothing', NULL)");
        return ImportSpec.table(src + ".settings").keyColumns("key").valueColumn("value").into(ns.name());
    }

    @Test
    void aKeyValueTableBecomesStrings() throws Exception {
        ImportReport report = kv.importTable(settings());
        assertThat(report.ok()).isTrue();
        assertThat(report.sourceRows()).isEqualTo(6);
        assertThat(report.rowsWithoutValue()).isEqualTo(1);
        assertThat(report.entriesWritten()).isEqualTo(5);
        assertThat(report.verification().identical()).isEqualTo(5);
        assertThat(report.verification().firstDifference()).isNull();
        assertThat(ns.get("theme")).isEqualTo("dark");
        assertThat(ns.get("greeting")).isEqualTo("grüß dich, 世界 🎉");
        assertThat(ns.get("quote")).isEqualTo("it's \"quoted\" => arrow");
        assertThat(ns.get("marked")).isEqualTo("\u0001starts with chr(1)");
        assertThat(ns.get("empty")).isEmpty();
        assertThat(ns.exists("nothing")).isFalse();
        assertThat(ns.count()).isEqualTo(5);
        assertThat(report.describe()).contains("source rows   6 (1 without a value", "5 of 5 entries present, 5 identical", "OK");
    }

    @Test
    void importsAreSeenByNearCaches() throws Exception {
        ImportSpec spec = settings();
        try (HstoreKv cached = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema).clock(clock)
                .sweepInterval(null).nearCache(ns.name(), 100).open()) {
            Namespace reader = cached.namespace(ns.name());
            ns.set("theme", "light");
            assertThat(reader.get("theme")).isEqualTo("light");
            assertThat(reader.get("greeting")).isNull(); // absence cached
            assertThat(kv.importTable(spec.onConflict(OnConflict.OVERWRITE)).ok()).isTrue();
            Await.until(() -> "dark".equals(reader.get("theme")) && reader.get("greeting") != null,
                    Duration.ofSeconds(5), "the cache to see the imported rows");
            StringWriter dump = new StringWriter();
            kv.exportJsonl(ns.name(), dump);
            ns.set("theme", "changed");
            Await.until(() -> "changed".equals(reader.get("theme")), Duration.ofSeconds(5), "the cache to see the write");
            kv.importJsonl(ns.name(), new BufferedReader(new StringReader(dump.toString())), OnConflict.OVERWRITE);
            Await.until(() -> "dark".equals(reader.get("theme")), Duration.ofSeconds(5), "the cache to see the restore");
        }
    }

    @Test
    void everyCommonColumnTypeBecomesText() throws Exception {
        TestSql.execute("CREATE TYPE " + src + ".mood AS ENUM ('happy', 'sad')",
                "CREATE TABLE " + src + ".wide (id int PRIMARY KEY, i int, b bigint, n numeric(6,2), r real, d double precision, "
                        + "flag boolean, t text, vc varchar(10), c char(5), day date, ts timestamp, tstz timestamptz, "
                        + "span interval, u uuid, j json, jb jsonb, ints int[], texts text[], bytes bytea, mood " + src + ".mood, "
                        + "missing text)",
                "INSERT INTO " + src + ".wide VALUES (1, -7, 9007199254740993, 10.50, 0.1, 1.0000000000000002, true, "
                        + "'a=>\"b\", c', 'vc', 'ab', '2024-02-29', '2024-05-01 10:00:00.5', '2024-05-01 12:00:00+02', "
                        + "'1 day 2 hours 3.5 seconds', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"b\": 1,  \"a\": [true]}', "
                        + "'{\"b\": 1,  \"a\": [true]}', '{1,2,NULL}', '{x,\"y z\",\"q\\\"\"}', '\\x00ff01', 'sad', NULL)");
        ImportReport report = kv.importTable(ImportSpec.table(src + ".wide").keyColumns("id").into(ns.name()));
        assertThat(report.ok()).as(report.describe()).isTrue();
        Map<String, String> expected = new HashMap<>();
        expected.put("i", "-7");
        expected.put("b", "9007199254740993");
        expected.put("n", "10.50");
        expected.put("r", "0.1");
        expected.put("d", "1.0000000000000002");
        expected.put("flag", "true");
        expected.put("t", "a=>\"b\", c");
        expected.put("vc", "vc");
        expected.put("c", "ab");
        expected.put("day", "2024-02-29");
        expected.put("ts", "2024-05-01T10:00:00.500000");
        expected.put("tstz", "2024-05-01T10:00:00.000000Z");
        expected.put("span", "P1DT2H3.5S");
        expected.put("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        expected.put("j", "{\"b\": 1,  \"a\": [true]}");
        expected.put("jb", "{\"a\": [true], \"b\": 1}");
        expected.put("ints", "{1,2,NULL}");
        expected.put("texts", "{x,\"y z\",\"q\\\"\"}");
        expected.put("mood", "sad");
        Map<String, String> fields = new HashMap<>(ns.hashes().getAll("1"));
        assertThat(ns.hashes().getBytes("1", "bytes")).containsExactly(0x00, 0xff, 0x01);
        fields.remove("bytes");
        assertThat(fields).isEqualTo(expected); // "missing" (NULL) is left out
        assertThat(TestSql.query("SELECT fields -> 'tstz' FROM " + schema + ".entries WHERE ns = '" + ns.name() + "'"))
                .isEqualTo("2024-05-01T10:00:00.000000Z");
    }

    @Test
    void veryWideRowsAndRowsWithoutAnyValue() throws Exception {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            columns.add("c" + i + " text");
            values.add("'v" + i + "'");
        }
        TestSql.execute("CREATE TABLE " + src + ".w300 (id bigint PRIMARY KEY, " + String.join(", ", columns) + ")",
                "INSERT INTO " + src + ".w300 VALUES (1, " + String.join(", ", values) + ")",
                "INSERT INTO " + src + ".w300 (id) VALUES (2)");
        ImportReport report = kv.importTable(ImportSpec.table(src + ".w300").keyColumns("id").into(ns.name()));
        assertThat(report.ok()).as(report.describe()).isTrue();
        assertThat(ns.hashes().size("1")).isEqualTo(300);
        assertThat(ns.hashes().get("1", "c299")).isEqualTo("v299");
        assertThat(ns.exists("2")).isFalse();
        assertThat(report.rowsWithoutValue()).isEqualTo(1);
    }

    @Test
    void compositeKeysAreJoinedAndMustNotCollide() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".prefs (tenant text, user_id int, theme text, PRIMARY KEY (tenant, user_id))",
                "INSERT INTO " + src + ".prefs VALUES ('acme', 1, 'dark'), ('acme', 2, 'light'), ('beta', 1, 'blue')");
        ImportSpec spec = ImportSpec.table(src + ".prefs").keyColumns("tenant", "user_id").keySeparator("/").into(ns.name())
                .batchRows(2);
        assertThat(kv.importTable(spec).ok()).isTrue();
        assertThat(ns.hashes().getAll("acme/2")).isEqualTo(Map.of("theme", "light"));
        assertThat(ns.hashes().getAll("beta/1")).isEqualTo(Map.of("theme", "blue"));

        TestSql.execute("CREATE TABLE " + src + ".clash (a text, b text, v text, PRIMARY KEY (a, b))",
                "INSERT INTO " + src + ".clash VALUES ('x:y', 'z', '1'), ('x', 'y:z', '2')");
        Namespace other = kv.namespace(StoreFixture.uniqueName("ns"));
        assertThatThrownBy(() -> kv.importTable(ImportSpec.table(src + ".clash").keyColumns("a", "b").into(other.name())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 'x:y:z' occurs in more than one row");
        assertThat(other.count()).isZero();
    }

    @Test
    void keysetPositionsRoundTripForKeysOfEveryKind() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".\"Events\" (at timestamptz, amount numeric, id uuid, label text, \"Odd \"\"Name\"\"\" text, "
                        + "blob bytea, PRIMARY KEY (at, amount, id, label))",
                "INSERT INTO " + src + ".\"Events\" VALUES "
                        + "('2024-01-01 00:00:00.000001+00', 1.50, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ä', 'x', '\\x00'), "
                        + "('2024-01-01 00:00:00.000001+00', 1.50, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'b', 'y', NULL), "
                        + "('2024-01-01 00:00:00.000001+00', 1.5000001, 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a', 'z', NULL), "
                        + "('1999-12-31 23:59:59+00', -3, 'c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '', 'w', '\\xff')");
        ImportReport report = kv.importTable(ImportSpec.table(src + ".\"Events\"").keyColumns("at", "amount", "id", "label")
                .keySeparator("|").batchRows(1).into(ns.name())
                // neither a ? operator nor a : in a string is a parameter
                .where("label <> ':x' AND jsonb_build_object('a', 1) ? 'a' AND \"Odd \"\"Name\"\"\" <> '?'"));
        assertThat(report.ok()).as(report.describe()).isTrue();
        assertThat(report.rowsCopied()).isEqualTo(4);
        assertThat(ns.hashes().getAll("2024-01-01T00:00:00.000001Z|1.50|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|ä"))
                .containsEntry("Odd \"Name\"", "x");
        assertThat(ns.hashes().getBytes("1999-12-31T23:59:59.000000Z|-3|c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|", "blob"))
                .containsExactly(0xff);

        TestSql.execute("CREATE TABLE " + src + ".blobs (k int PRIMARY KEY, v bytea)",
                "INSERT INTO " + src + ".blobs VALUES (1, '\\x00ff'), (2, convert_to('plain ✓', 'UTF8')), (3, '')");
        Namespace blobs = kv.namespace(StoreFixture.uniqueName("ns"));
        assertThat(kv.importTable(ImportSpec.table(src + ".blobs").keyColumns("k").valueColumn("v").into(blobs.name())).ok()).isTrue();
        assertThat(blobs.getBytes("1")).containsExactly(0x00, 0xff);
        assertThat(blobs.get("2")).isEqualTo("plain ✓");
        assertThat(blobs.getBytes("3")).isEmpty();
    }

    @Test
    void anEmptyTableImportsNothingAndVerifies() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".none (k int PRIMARY KEY, v text)");
        ImportReport report = kv.importTable(ImportSpec.table(src + ".none").keyColumns("k").valueColumn("v").into(ns.name()));
        assertThat(report.ok()).isTrue();
        assertThat(report.sourceRows()).isZero();
        assertThat(report.verification().expected()).isZero();
        assertThat(ns.count()).isZero();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".t (k text, v text)",
                "INSERT INTO " + src + ".t VALUES ('a', '1'), ('b', '2'), (NULL, '3')");
        ImportSpec spec = ImportSpec.table(src + ".t").keyColumns("k").valueColumn("v").into(ns.name());
        assertThatThrownBy(() -> kv.importTable(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key column k is NULL in row (,3) of " + src + ".t");
        assertThatThrownBy(() -> kv.importTable(spec.valueColumn("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table " + src + ".t has no column nope");
        assertThatThrownBy(() -> kv.importTable(ImportSpec.table(src + ".absent").keyColumns("k").into(ns.name())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("table " + src + ".absent does not exist");
        TestSql.execute("UPDATE " + src + ".t SET k = 'a' WHERE k IS NULL");
        assertThatThrownBy(() -> kv.importTable(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'a' occurs in more than one row");
        TestSql.execute("UPDATE " + src + ".t SET k = 'c', v = repeat('x', 2 * 1024 * 1024) WHERE v = '3'");
        assertThatThrownBy(() -> kv.importTable(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column v holds a value larger than 1048576 bytes in row (c,xxx");
        TestSql.execute("UPDATE " + src + ".t SET v = '3', k = repeat('k', 3000) WHERE k = 'c'");
        assertThatThrownBy(() -> kv.importTable(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key is longer than 2048 bytes");
        assertThatThrownBy(() -> kv.importTable(spec.where("no_such_column > 1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no_such_column");
        TestSql.execute("CREATE TYPE " + src + ".pair AS (x int, y int)", "CREATE TABLE " + src + ".rec (k int PRIMARY KEY, p " + src + ".pair)");
        assertThatThrownBy(() -> kv.importTable(ImportSpec.table(src + ".rec").keyColumns("k").into(ns.name())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column p of " + src + ".rec has type")
                .hasMessageContaining("does not support");
        assertThat(ns.count()).isZero();
        assertThat(TestSql.query("SELECT count(*) FROM " + schema + ".imports WHERE ns = '" + ns.name() + "'")).isEqualTo("0");
    }

    @Test
    void whereAndTtl() throws Exception {
        ImportSpec spec = settings().where("key <> 'theme'").ttl(Duration.ofMinutes(5));
        ImportReport report = kv.importTable(spec);
        assertThat(report.ok()).as(report.describe()).isTrue();
        assertThat(ns.exists("theme")).isFalse();
        assertThat(ns.count()).isEqualTo(4);
        assertThat(ns.ttlMillis("greeting")).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(ns.expiresAt("quote")).isEqualTo(ns.expiresAt("greeting"));
    }

    @Test
    void existingKeysFailSkipOrOverwrite() throws Exception {
        ns.set("theme", "light");
        ns.set("other", "kept");
        ImportSpec spec = settings();
        assertThatThrownBy(() -> kv.importTable(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 keys of " + src + ".settings exist in namespace " + ns.name() + " already (the first: 'theme')");
        assertThat(ns.count()).isEqualTo(2);

        ImportReport skipped = kv.importTable(spec.onConflict(OnConflict.SKIP));
        assertThat(skipped.ok()).as(skipped.describe()).isTrue();
        assertThat(skipped.verification().kept()).isEqualTo(1);
        assertThat(skipped.entriesWritten()).isEqualTo(4);
        assertThat(ns.get("theme")).isEqualTo("light");
        assertThat(ns.get("greeting")).isEqualTo("grüß dich, 世界 🎉");

        ImportReport overwritten = kv.importTable(spec.onConflict(OnConflict.OVERWRITE));
        assertThat(overwritten.ok()).isTrue();
        assertThat(overwritten.entriesWritten()).isEqualTo(5);
        assertThat(ns.get("theme")).isEqualTo("dark");
        assertThat(ns.get("other")).isEqualTo("kept");
    }

    @Test
    void aDryRunWritesNothing() throws Exception {
        ImportSpec spec = settings().into("dry_" + ns.name()).dryRun();
        ImportReport report = kv.importTable(spec);
        assertThat(report.ok()).isTrue();
        assertThat(report.dryRun()).isTrue();
        assertThat(report.sourceRows()).isEqualTo(6);
        assertThat(report.existingKeys()).isZero();
        assertThat(report.preview()).hasSize(5).first().isEqualTo(new ImportReport.Row("empty", ""));
        assertThat(report.describe()).contains("dry run (nothing written)", "greeting = grüß dich");
        assertThat(TestSql.query("SELECT count(*) FROM " + schema + ".namespaces WHERE name = 'dry_" + ns.name() + "'"))
                .isEqualTo("0");
        assertThat(TestSql.query("SELECT count(*) FROM " + schema + ".imports WHERE ns = 'dry_" + ns.name() + "'"))
                .isEqualTo("0");
    }

    /** Stops an import after {@code batches} batches, as a crash between two batches would. */
    private static ImportSpec interruptedAfter(ImportSpec spec, int batches) {
        int[] seen = {0};
        return spec.onProgress(p -> {
            if (++seen[0] == batches) {
                throw new IllegalStateException("interrupted");
            }
        });
    }

    @Test
    void aKeyWrittenMeanwhileStopsAFailModeImportCleanly() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".kv (k text PRIMARY KEY, v text)",
                "INSERT INTO " + src + ".kv SELECT 'key' || g, 'v' || g FROM generate_series(1, 6) g");
        ImportSpec spec = ImportSpec.table(src + ".kv").keyColumns("k").valueColumn("v").batchRows(3).into(ns.name());
        int[] batches = {0};
        assertThatThrownBy(() -> kv.importTable(spec.onProgress(p -> {
            if (++batches[0] == 1) {
                ns.set("key5", "someone else's"); // a key of the next batch
            }
        }))).isInstanceOf(IllegalStateException.class).hasMessageContaining("was written into namespace " + ns.name() + " while the import ran");
        assertThat(ns.count()).as("the first batch, and the other writer's key").isEqualTo(4);
        assertThat(ns.get("key5")).isEqualTo("someone else's");
        ImportReport resumed = kv.importTable(spec.onConflict(OnConflict.OVERWRITE));
        assertThat(resumed.ok()).as(resumed.describe()).isTrue();
        assertThat(ns.get("key5")).isEqualTo("v5");
        assertThat(ns.count()).isEqualTo(6);
    }

    @Test
    void anInterruptedImportResumesToTheSameResult() throws Exception {
        TestSql.execute("CREATE TABLE " + src + ".big (id int PRIMARY KEY, name text, score numeric)",
                "INSERT INTO " + src + ".big SELECT g, 'name ' || g, g / 3.0 FROM generate_series(1, 10) g");
        ImportSpec spec = ImportSpec.table(src + ".big").keyColumns("id").batchRows(3).into(ns.name()).ttl(Duration.ofHours(1));
        assertThatThrownBy(() -> kv.importTable(interruptedAfter(spec, 2))).hasMessage("interrupted");
        assertThat(ns.count()).isEqualTo(6);
        clock.advance(Duration.ofMinutes(1));

        ImportReport resumed = kv.importTable(spec.resume());
        assertThat(resumed.ok()).as(resumed.describe()).isTrue();
        assertThat(resumed.rowsBefore()).isEqualTo(6);
        assertThat(resumed.rowsCopied()).isEqualTo(10);
        assertThat(resumed.entriesWritten()).isEqualTo(10);

        Namespace straight = kv.namespace(StoreFixture.uniqueName("ns"));
        ImportReport uninterrupted = kv.importTable(spec.into(straight.name()).ttl(null));
        assertThat(uninterrupted.ok()).isTrue();
        String stored = "SELECT string_agg(key || fields::text, '|' ORDER BY key) FROM " + schema + ".entries WHERE ns = '%s'";
        assertThat(TestSql.query(stored.formatted(ns.name()))).isEqualTo(TestSql.query(stored.formatted(straight.name())));
        for (int id = 1; id <= 10; id++) {
            assertThat(ns.hashes().getAll(String.valueOf(id))).isEqualTo(straight.hashes().getAll(String.valueOf(id)));
        }
        // one expiry for all rows, fixed when the job started, not when it resumed
        assertThat(ns.expiresAt("10")).isEqualTo(ns.expiresAt("1"));

        // the job is finished: running it again writes nothing and verifies again
        ImportReport again = kv.importTable(spec);
        assertThat(again.ok()).isTrue();
        assertThat(again.rowsBefore()).isEqualTo(10);
        // a changed source is a mismatch until the job starts over
        TestSql.execute("UPDATE " + src + ".big SET name = 'changed' WHERE id = 4");
        ImportReport stale = kv.importTable(spec);
        assertThat(stale.ok()).isFalse();
        assertThat(stale.verification().identical()).isEqualTo(9);
        assertThat(stale.verification().firstDifference()).isEqualTo("4");
        assertThat(stale.describe()).contains("MISMATCH");
        assertThat(kv.importTable(spec.restart().onConflict(OnConflict.OVERWRITE)).ok()).isTrue();
        assertThat(ns.hashes().get("4", "name")).isEqualTo("changed");
    }

    @Test
    void resumeNeedsAJobWithTheSameOptions() throws Exception {
        ImportSpec spec = settings().batchRows(2);
        assertThatThrownBy(() -> kv.importTable(spec.resume())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no import job");
        assertThatThrownBy(() -> kv.importTable(interruptedAfter(spec, 1))).hasMessage("interrupted");
        assertThatThrownBy(() -> kv.importTable(spec.where("true").resume())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was started with other options");
        ImportReport rerun = kv.importTable(spec); // without --resume, the same options continue too
        assertThat(rerun.rowsBefore()).isEqualTo(2);
        assertThat(rerun.ok()).isTrue();
        assertThat(ns.getBytes("marked")).isEqualTo("\u0001starts with chr(1)".getBytes(StandardCharsets.UTF_8));
    }
}
