package io.hstorekv.bench;

import io.hstorekv.HstoreKv;
import io.hstorekv.imports.ImportReport;
import io.hstorekv.imports.ImportSpec;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Import throughput: {@code importTable} (batched, resumable, checked up front and verified at the
 * end: the whole command as a user runs it) against the ceiling, one hand-written
 * {@code INSERT ... SELECT} of all rows straight into the namespace's partition, for a narrow
 * (key, value) table and a 20-column one. Each side imports into an empty namespace after a
 * CHECKPOINT; the best of {@code --repeat} runs counts. Prints {@code RESULT} lines, each followed by
 * its {@code CPU} line (microseconds per row of this JVM and of the database, for each side, over
 * all runs).
 */
public final class ImportBenchmark {
    private static final String SCHEMA = "hstorekv_bench";
    private static final String SOURCE = "bench_import_src";

    public static void main(String[] args) throws Exception {
        int rows = BenchArgs.intOption(args, "--rows", 1_000_000);
        int repeat = BenchArgs.intOption(args, "--repeat", 2);
        String label = rows % 1_000_000 == 0 ? rows / 1_000_000 + "m" : rows % 1000 == 0 ? rows / 1000 + "k" : String.valueOf(rows);
        DataSource ds = TestDatabase.dataSource();
        System.out.println("# database: " + TestDatabase.description() + ", " + rows + " rows, best of " + repeat);
        try (HstoreKv kv = HstoreKv.builder().dataSource(ds).schema(SCHEMA).sweepInterval(null).open()) {
            String hstore = hstoreSchema();
            createSources(ds, rows);
            measure(ds, kv, "import:narrow:" + label, rows, repeat,
                    ImportSpec.table(SOURCE + ".narrow").keyColumns("key").valueColumn("value"),
                    "SELECT %s, t.key, 'string', t.value, NULL::" + hstore + ".hstore, nextval('" + SCHEMA + ".versions'), NULL::timestamptz "
                            + "FROM " + SOURCE + ".narrow t");
            measure(ds, kv, "import:wide20:" + label, rows, repeat,
                    ImportSpec.table(SOURCE + ".wide20").keyColumns("id").asHash(),
                    "SELECT %s, t.id::text, 'hash', NULL, " + hstore + ".delete(" + hstore + ".hstore(t), 'id'), nextval('" + SCHEMA
                            + ".versions'), NULL::timestamptz FROM " + SOURCE + ".wide20 t");
        }
        System.exit(0);
    }

    private static void measure(DataSource ds, HstoreKv kv, String name, int rows, int repeat, ImportSpec spec, String peerSelect)
            throws Exception {
        String oursNs = "bench_import_ours";
        String peerNs = "bench_import_peer";
        kv.namespace(oursNs);
        kv.namespace(peerNs);
        ProcessCpu cpu = ProcessCpu.jvmAndPostgres(ds);
        ProcessCpu.Tally oursCpu = cpu.tally();
        ProcessCpu.Tally peerCpu = cpu.tally();
        double best = 0;
        double bestPeer = 0;
        for (int i = 0; i < repeat; i++) {
            kv.namespace(peerNs).flush();
            TestSql.execute("CHECKPOINT");
            long start = System.nanoTime();
            peerCpu.during(() -> {
                TestSql.execute("INSERT INTO " + SCHEMA + ".ns_" + peerNs + " (ns, key, type, value, fields, version, expires_at) "
                        + peerSelect.formatted("'" + peerNs + "'"));
                return null;
            });
            double peer = rows / ((System.nanoTime() - start) / 1e9);
            bestPeer = Math.max(bestPeer, peer);

            kv.namespace(oursNs).flush();
            TestSql.execute("CHECKPOINT");
            start = System.nanoTime();
            ImportReport report = oursCpu.during(() -> kv.importTable(spec.into(oursNs).job(name).restart()));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!report.ok() || report.entriesWritten() != rows) {
                throw new IllegalStateException("import did not verify:\n" + report.describe());
            }
            best = Math.max(best, rows / seconds);
            System.out.printf(Locale.ROOT, "# %s run %d: ours %.0f rows/s, peer %.0f rows/s%n", name, i + 1, rows / seconds, peer);
        }
        System.out.printf(Locale.ROOT, "RESULT %s ours=%.0f peer=%.0f ratio=%.3f unit=rows/s%n", name, best, bestPeer, best / bestPeer);
        long allRows = (long) rows * repeat;
        System.out.printf("CPU %s %s %s unit=us/row%n", name, oursCpu.perOp("ours-", allRows), peerCpu.perOp("peer-", allRows));
        kv.namespace(oursNs).flush();
        kv.namespace(peerNs).flush();
    }

    /** The narrow table (key text, value text) and a 20-column one of mixed types, both with a primary key. */
    private static void createSources(DataSource ds, int rows) throws Exception {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String[][] kinds = {
            {"text", "'name ' || g"}, {"integer", "g % 1000"}, {"numeric(10,2)", "g / 7.0"}, {"boolean", "g % 2 = 0"},
            {"timestamptz", "timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second'"}, {"text", "md5(g::text)"},
        };
        for (int c = 1; c < 20; c++) {
            String[] kind = kinds[c % kinds.length];
            columns.add("c" + c + " " + kind[0]);
            values.add(kind[1]);
        }
        TestSql.execute("DROP SCHEMA IF EXISTS " + SOURCE + " CASCADE");
        TestSql.execute("CREATE SCHEMA " + SOURCE);
        TestSql.execute("CREATE TABLE " + SOURCE + ".narrow (key text PRIMARY KEY, value text)");
        TestSql.execute("INSERT INTO " + SOURCE + ".narrow SELECT 'key:' || g, repeat(md5(g::text), 3) FROM generate_series(1, " + rows + ") g");
        TestSql.execute("CREATE TABLE " + SOURCE + ".wide20 (id bigint PRIMARY KEY, " + String.join(", ", columns) + ")");
        TestSql.execute("INSERT INTO " + SOURCE + ".wide20 SELECT g, " + String.join(", ", values) + " FROM generate_series(1, " + rows + ") g");
        TestSql.execute("VACUUM ANALYZE " + SOURCE + ".narrow");
        TestSql.execute("VACUUM ANALYZE " + SOURCE + ".wide20");
    }

    private static String hstoreSchema() throws Exception {
        return '"' + TestSql.query("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                + "WHERE e.extname = 'hstore'") + '"';
    }
}
