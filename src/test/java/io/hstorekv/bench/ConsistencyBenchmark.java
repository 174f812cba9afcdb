package io.hstorekv.bench;

import io.hstorekv.testing.ConsistencyChecks;
import io.hstorekv.testing.ConsistencyChecks.Budget;
import io.hstorekv.testing.ConsistencyChecks.Outcome;
import io.hstorekv.testing.RedisPeer;
import io.hstorekv.testing.RespClient;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestServer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Issue #15's checks ({@link ConsistencyChecks}) run longer than the tests, on two servers with
 * near caches over one database: WATCH/EXEC compare-and-set throughput against redis-server with 4
 * and 20 clients (one server each, as Redis is one), anomalies of every check (must be 0), and the
 * staleness of a near cache on one server after a write through the other.
 * Options: --seconds N per figure (default 10), --staleness-writes N (default 300).
 */
public final class ConsistencyBenchmark {
    private ConsistencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = BenchArgs.intOption(args, "--seconds", 10);
        int stalenessWrites = BenchArgs.intOption(args, "--staleness-writes", 300);
        System.out.println("# database: " + TestDatabase.description() + ", " + seconds + " s per figure");
        String prefix = String.format("cb%08x_", ThreadLocalRandom.current().nextInt() & 0x7fffffff);
        try (TestServer first = cached(prefix); TestServer second = cached(prefix); RedisPeer redis = RedisPeer.start()) {
            for (int clients : new int[] {4, 20}) {
                Outcome ours = ConsistencyChecks.casIncrements(i -> first.client(), clients, "cas" + clients,
                        Budget.seconds(seconds));
                Outcome peer = ConsistencyChecks.casIncrements(i -> redis.client(), clients, "cas" + clients,
                        Budget.seconds(seconds));
                System.out.printf(Locale.ROOT, "RESULT cas-%d-clients ours=%.0f peer=%.0f ratio=%.3f unit=commits/s"
                        + " (aborted: ours=%d peer=%d)%n", clients, ours.committedPerSecond(), peer.committedPerSecond(),
                        ours.committedPerSecond() / peer.committedPerSecond(), ours.aborted(), peer.aborted());
                report("cas-" + clients + "-clients", ours, counterError(first, "cas" + clients, ours));
            }
            IntFunction<RespClient> both = i -> (i % 2 == 0 ? first : second).client();
            report("watched-transfers", accounts(first, "w").watchedTransfers(both, 8, Budget.seconds(seconds)), 0);
            report("multi-transfers", accounts(first, "m").multiTransfers(both, 8, Budget.seconds(seconds)), 0);
            try (RespClient reader = first.client()) {
                report("mget-snapshots", accounts(first, "s").snapshotReads(i -> first.client(), 4,
                        Budget.seconds(seconds), reader), 0);
            }
            staleness(first, second, stalenessWrites);
        }
    }

    private static TestServer cached(String prefix) {
        return TestServer.start(config -> config.namespacePrefix(prefix),
                (builder, config) -> builder.nearCache(config.namespaceName(0), 100_000));
    }

    private static ConsistencyChecks accounts(TestServer server, String prefix) {
        try (RespClient c = server.client()) {
            return ConsistencyChecks.accounts(c, prefix, 10, 100);
        }
    }

    /** 1 when the counter does not hold exactly the increments committed (a lost or phantom update), else 0. */
    private static int counterError(TestServer server, String key, Outcome outcome) {
        try (RespClient c = server.client()) {
            return ConsistencyChecks.counter(c, key) == outcome.committed() ? 0 : 1;
        }
    }

    private static void report(String check, Outcome outcome, int more) {
        System.out.printf(Locale.ROOT, "RESULT anomalies-%s anomalies=%d committed=%d aborted=%d reads=%d%n", check,
                outcome.anomalies().size() + more, outcome.committed(), outcome.aborted(), outcome.reads());
        outcome.anomalies().stream().limit(5).forEach(a -> System.out.println("# anomaly: " + a));
    }

    /**
     * A client of {@code writer} sets a key to 1, 2, ...; a client of {@code reader} GETs it in a
     * loop (from its near cache) and notes when each value first shows; a write is sent once the
     * previous one showed, after a random pause. Staleness: first seen minus acknowledged.
     */
    private static void staleness(TestServer writer, TestServer reader, int writes) throws Exception {
        long[] acknowledged = new long[writes + 1];
        AtomicLongArray seen = new AtomicLongArray(writes + 1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (RespClient w = writer.client(); RespClient r = reader.client()) {
            w.call("SET", "stale", 0);
            Thread watcher = new Thread(() -> {
                try {
                    int last = 0;
                    while (!done.get()) {
                        int value = Integer.parseInt((String) r.call("GET", "stale"));
                        long now = System.nanoTime();
                        for (int v = last + 1; v <= value; v++) {
                            seen.set(v, now);
                        }
                        last = Math.max(last, value);
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            watcher.start();
            for (int i = 1; i <= writes && failure.get() == null; i++) {
                w.call("SET", "stale", i);
                acknowledged[i] = System.nanoTime();
                while (seen.get(i) == 0 && failure.get() == null) {
                    Thread.onSpinWait();
                }
                TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(20_000));
            }
            done.set(true);
            watcher.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        double[] millis = new double[writes];
        for (int i = 1; i <= writes; i++) {
            millis[i - 1] = Math.max(0, seen.get(i) - acknowledged[i]) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "RESULT cross-server-staleness p50=%.2f p99=%.2f max=%.2f writes=%d unit=ms%n",
                millis[writes / 2], millis[(int) (writes * 0.99)], millis[writes - 1], writes);
    }
}
