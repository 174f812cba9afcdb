package io.hstorekv.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * PostgreSQL's own ceiling for SET: plain JDBC running the store's multi-row upsert (SET_MANY of
 * {@code internal.store.Sql}, word for word, on an ASYNC namespace) with 100 keys a statement, from
 * a few connections, keys drawn as redis-benchmark's {@code -r}. Prints keys per second:
 * {@code CEILING keys_per_s=N statements=N}.
 *
 * <pre>UpsertCeiling JDBC_URL NAMESPACE [--keys 200000] [--connections 4] [--range 100000]</pre>
 */
public final class UpsertCeiling {
    private static final int KEYS_PER_STATEMENT = 100;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String namespace = args[1];
        int keys = BenchArgs.intOption(args, "--keys", 200_000);
        int connections = BenchArgs.intOption(args, "--connections", 4);
        int range = BenchArgs.intOption(args, "--range", 100_000);
        String sql = "WITH logged AS (INSERT INTO hstorekv.changes (ns, keys) SELECT '" + namespace + "', ?::text[] "
                + "WHERE EXISTS (SELECT 1 FROM hstorekv.namespaces WHERE name = '" + namespace + "' AND change_log)) "
                + "INSERT INTO hstorekv.ns_" + namespace + " AS e (ns, key, type, value, version, expires_at) "
                + "SELECT '" + namespace + "', u.key, 'string', u.value, nextval('hstorekv.versions'), NULL "
                + "FROM unnest(?::text[], ?::text[]) AS u(key, value) "
                + "WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL "
                + "ON CONFLICT (ns, key) DO UPDATE SET type = 'string', value = EXCLUDED.value, fields = NULL, "
                + "version = EXCLUDED.version, expires_at = NULL";
        int statementsEach = Math.max(1, keys / KEYS_PER_STATEMENT / connections);
        String value = "x".repeat(100);
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            long seed = t;
            Thread thread = new Thread(() -> {
                Random random = new Random(seed);
                try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int s = 0; s < statementsEach; s++) {
                        TreeSet<String> batch = new TreeSet<>(); // lock order, as the store's batches
                        while (batch.size() < KEYS_PER_STATEMENT) {
                            batch.add("key:" + String.format("%012d", random.nextInt(range)));
                        }
                        String[] k = batch.toArray(String[]::new);
                        String[] v = new String[k.length];
                        Arrays.fill(v, value);
                        ps.setArray(1, c.createArrayOf("text", k));
                        ps.setArray(2, c.createArrayOf("text", k));
                        ps.setArray(3, c.createArrayOf("text", v));
                        ps.executeUpdate();
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("upsert loop failed", failure[0]);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long statements = (long) statementsEach * connections;
        System.out.printf("CEILING keys_per_s=%.0f statements=%d%n", statements * KEYS_PER_STATEMENT / seconds, statements);
    }
}
