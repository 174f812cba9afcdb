package io.hstorekv.bench;

import io.hstorekv.Durability;
import io.hstorekv.HstoreKv;
import io.hstorekv.Namespace;
import io.hstorekv.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * The facade's cost over raw JDBC running the same statement on the same pool (goal: at most 10%),
 * SET throughput per durability, and the near cache (hits, write cost of coherence, invalidation
 * latency). Prints {@code RESULT} lines, each throughput figure followed by its {@code CPU} line
 * (microseconds per operation of this JVM and of the database, for each side); {@code --near-cache-only}
 * runs just the near-cache figures.
 */
public final class StoreBenchmark {
    static final int KEYS = 10_000;
    /** This JVM and the database's processes, whose CPU time each figure reports. */
    private static ProcessCpu cpu;

    interface Op {
        void run(int key) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = BenchArgs.intOption(args, "--seconds", 5);
        int threads = BenchArgs.intOption(args, "--threads", 4);
        DataSource ds = TestDatabase.dataSource();
        System.out.println("# database: " + TestDatabase.description() + ", threads " + threads + ", " + seconds + " s per figure");
        cpu = ProcessCpu.jvmAndPostgres(ds);
        boolean nearCacheOnly = BenchArgs.flag(args, "--near-cache-only");
        if (nearCacheOnly) {
            nearCache(ds, seconds, threads);
            System.exit(0);
        }
        try (HstoreKv kv = HstoreKv.builder().dataSource(ds).schema("hstorekv_bench").open()) {
            Namespace durable = kv.namespace("bench_durable", Durability.DURABLE);
            Namespace async = kv.namespace("bench_async", Durability.ASYNC);
            Namespace volatil = kv.namespace("bench_volatile", Durability.VOLATILE);
            for (Namespace ns : new Namespace[] {durable, async, volatil}) {
                Map<String, String> batch = new HashMap<>();
                for (int i = 0; i < KEYS; i++) {
                    batch.put("key:" + i, "x".repeat(100));
                }
                ns.setAll(batch);
            }

            String get = "SELECT e.type, e.value FROM \"hstorekv_bench\".\"ns_bench_durable\" e "
                    + "WHERE e.ns = 'bench_durable' AND e.key = ? AND (e.expires_at IS NULL OR e.expires_at > ?)";
            // SET is compared on the VOLATILE namespace: with fsync out of the way, what is left is
            // what the facade itself costs (on DURABLE both sides just wait for the disk).
            // the facade's SET statement, word for word (see store.Sql)
            String set = "WITH logged AS (INSERT INTO \"hstorekv_bench\".changes (ns, keys) SELECT 'bench_volatile', ARRAY[?::text] "
                    + "WHERE EXISTS (SELECT 1 FROM \"hstorekv_bench\".namespaces WHERE name = 'bench_volatile' AND change_log)) "
                    + "INSERT INTO \"hstorekv_bench\".\"ns_bench_volatile\" AS e (ns, key, type, value, version, expires_at) "
                    + "SELECT 'bench_volatile', ?, 'string', ?, nextval('\"hstorekv_bench\".versions'), ? WHERE true "
                    + "ON CONFLICT (ns, key) DO UPDATE SET type = 'string', value = EXCLUDED.value, fields = NULL, "
                    + "version = EXCLUDED.version, expires_at = EXCLUDED.expires_at";
            String value = "y".repeat(100);

            for (int t : new int[] {1, threads}) {
                compare("facade-vs-jdbc:get:" + t + "t", t, seconds,
                        k -> durable.get("key:" + k), k -> rawGet(ds, get, "key:" + k));
                compare("facade-vs-jdbc:set-volatile:" + t + "t", t, seconds,
                        k -> volatil.set("key:" + k, value), k -> rawSet(ds, set, "key:" + k, value));
            }
            try (HstoreKv grouped = HstoreKv.builder().dataSource(ds).schema("hstorekv_bench").groupCommit(true).open()) {
                Namespace g = grouped.namespace("bench_async");
                int many = threads * 4;
                compare("group-commit-vs-off:get:" + many + "t", many, seconds,
                        k -> g.get("key:" + k), k -> async.get("key:" + k));
                compare("group-commit-vs-off:set-async:" + many + "t", many, seconds,
                        k -> g.set("key:" + k, value), k -> async.set("key:" + k, value));
            }
            for (Namespace ns : new Namespace[] {async, volatil}) {
                compare("set-vs-durable:" + ns.durability().name().toLowerCase() + ":" + threads + "t", threads, seconds,
                        k -> ns.set("key:" + k, value), k -> durable.set("key:" + k, value));
            }
        }
        nearCache(ds, seconds, threads);
        System.exit(0);
    }

    /**
     * The near cache: cached GET hits against uncached GETs (same namespace, an instance without the
     * cache) and against raw JDBC; what coherence costs a SET (a VOLATILE namespace that an
     * instance caches, so that its writes are logged and the feed runs, against one that nobody
     * caches; without and with group commit); and the invalidation latency between two instances (write in A, then read in B until it sees the new value).
     */
    static void nearCache(DataSource ds, int seconds, int threads) throws Exception {
        String schema = "hstorekv_bench";
        try (HstoreKv plain = HstoreKv.builder().dataSource(ds).schema(schema).open();
             HstoreKv cached = HstoreKv.builder().dataSource(ds).schema(schema)
                     .nearCache("bench_cached", 2L * KEYS).nearCache("bench_cached_volatile", 2L * KEYS).open()) {
            Namespace uncachedNs = plain.namespace("bench_cached", Durability.DURABLE);
            Namespace cachedNs = cached.namespace("bench_cached", Durability.DURABLE);
            Map<String, String> batch = new HashMap<>();
            for (int i = 0; i < KEYS; i++) {
                batch.put("key:" + i, "x".repeat(100));
            }
            uncachedNs.setAll(batch);
            String get = "SELECT e.type, e.value FROM \"" + schema + "\".\"ns_bench_cached\" e "
                    + "WHERE e.ns = 'bench_cached' AND e.key = ? AND (e.expires_at IS NULL OR e.expires_at > ?)";
            for (int t : new int[] {1, threads}) {
                compare("near-cache:get-hit:" + t + "t", t, seconds,
                        k -> cachedNs.get("key:" + k), k -> uncachedNs.get("key:" + k));
                compare("near-cache:get-hit-vs-jdbc:" + t + "t", t, seconds,
                        k -> cachedNs.get("key:" + k), k -> rawGet(ds, get, "key:" + k));
            }
            System.out.printf("# near cache after the get runs: %s%n", cachedNs.cacheStats());

            // The same VOLATILE namespace twice: one that an instance caches (so its writes are
            // logged; the feed is running) and one that nobody caches.
            Namespace logged = cached.namespace("bench_cached_volatile", Durability.VOLATILE);
            Namespace unlogged = plain.namespace("bench_volatile", Durability.VOLATILE);
            String value = "y".repeat(100);
            for (int t : new int[] {1, threads}) {
                compare("coherence-write-cost:set:" + t + "t", t, seconds,
                        k -> logged.set("key:" + k, value), k -> unlogged.set("key:" + k, value));
            }
            // With group commit (as the Redis server runs), concurrent SETs share a statement and so a log row.
            try (HstoreKv groupedPlain = HstoreKv.builder().dataSource(ds).schema(schema).groupCommit(true).open();
                 HstoreKv groupedCached = HstoreKv.builder().dataSource(ds).schema(schema).groupCommit(true)
                         .nearCache("bench_cached_volatile", 2L * KEYS).open()) {
                Namespace loggedGrouped = groupedCached.namespace("bench_cached_volatile");
                Namespace unloggedGrouped = groupedPlain.namespace("bench_volatile");
                int many = threads * 4;
                compare("coherence-write-cost:set-group-commit:" + many + "t", many, seconds,
                        k -> loggedGrouped.set("key:" + k, value), k -> unloggedGrouped.set("key:" + k, value));
            }

            int samples = 300;
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                String expected = "v" + i;
                cachedNs.get("lat"); // cached (old value) before the write
                uncachedNs.set("lat", expected);
                long start = System.nanoTime();
                while (!expected.equals(cachedNs.get("lat"))) {
                    Thread.onSpinWait();
                }
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double p50 = nanos[samples / 2] / 1e6;
            double p99 = nanos[(int) Math.ceil(samples * 0.99) - 1] / 1e6;
            System.out.printf("RESULT invalidation-latency:p50 ours=%.2f peer=50 ratio=%.3f unit=ms%n", p50, p50 / 50);
            System.out.printf("RESULT invalidation-latency:p99 ours=%.2f peer=50 ratio=%.3f unit=ms%n", p99, p99 / 50);
        }
    }

    static void rawGet(DataSource ds, String sql, String key) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !"string".equals(rs.getString(1))) {
                    throw new IllegalStateException("wrong type");
                }
            }
        }
    }

    static void rawSet(DataSource ds, String sql, String key, String value) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setString(2, key);
            ps.setString(3, value);
            ps.setTimestamp(4, null);
            ps.executeUpdate();
        }
    }

    /**
     * Ours against the peer in alternating one-second slices (after a warm-up of each), so that
     * background load on the machine falls on both alike; prints the RESULT line.
     */
    static void compare(String name, int threads, int seconds, Op ours, Op peer) throws Exception {
        run(threads, 1, ours);
        run(threads, 1, peer);
        ProcessCpu.Tally oursCpu = cpu.tally();
        ProcessCpu.Tally peerCpu = cpu.tally();
        long oursOps = 0;
        long peerOps = 0;
        for (int i = 0; i < seconds; i++) {
            oursOps += oursCpu.during(() -> run(threads, 1, ours));
            peerOps += peerCpu.during(() -> run(threads, 1, peer));
        }
        result(name, oursOps / (double) seconds, peerOps / (double) seconds, "ops/s");
        System.out.printf("CPU %s %s %s unit=us/op%n", name, oursCpu.perOp("ours-", oursOps), peerCpu.perOp("peer-", peerOps));
    }

    static long run(int threads, int seconds, Op op) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        Thread[] workers = new Thread[threads];
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (!stop.get()) {
                        op.run(random.nextInt(KEYS));
                        done.increment();
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            workers[i].start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("benchmark operation failed", failure[0]);
        }
        return done.sum();
    }

    static void result(String name, double ours, double peer, String unit) {
        System.out.printf("RESULT %s ours=%.0f peer=%.0f ratio=%.3f unit=%s%n", name, ours, peer, ours / peer, unit);
    }
}
