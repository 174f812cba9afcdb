package io.hstorekv.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Issue #15's histories: clients run transactions over RESP and every reply is checked against
 * what Redis allows, so a test (small, bounded by operation counts) and {@code bench/consistency}
 * (longer, bounded by time) run the same checks. An anomaly is a reply Redis could not give.
 *
 * <ul>
 *   <li>{@link #watchedTransfers}: {@code WATCH a b, GET a, GET b, MULTI, DECRBY a x, INCRBY b x,
 *       EXEC}; EXEC must answer nil or exactly the balances read, moved by x (a stale read of a
 *       watched key followed by a successful EXEC shows here).</li>
 *   <li>{@link #multiTransfers}: the same without WATCH; EXEC must answer two integers.</li>
 *   <li>{@link #snapshotReads}: MGET of every account while transfers run; every sum must be the total.</li>
 *   <li>{@link #casIncrements}: {@code WATCH k, GET k, MULTI, SET k v+1, EXEC} until each client
 *       succeeded its share; EXEC must answer nil or [OK], and the final count must be exact.</li>
 * </ul>
 */
public final class ConsistencyChecks {
    /** How long a client goes on: operations per client (tests) or a deadline (benchmarks). */
    @FunctionalInterface
    public interface Budget {
        boolean more(long done);

        static Budget operations(long count) {
            return done -> done < count;
        }

        /** Until {@code seconds} after the first client starts (not counting the set-up before). */
        static Budget seconds(int seconds) {
            AtomicLong deadline = new AtomicLong();
            return done -> {
                deadline.compareAndSet(0, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
                return System.nanoTime() - deadline.get() < 0;
            };
        }
    }

    /** What the clients did: EXECs applied, EXECs that answered nil, reads checked, and every anomaly. */
    public record Outcome(long committed, long aborted, long reads, List<String> anomalies, long elapsedNanos) {
        public double committedPerSecond() {
            return committed * 1e9 / Math.max(1, elapsedNanos);
        }
    }

    private final long balance;
    private final int accounts;
    private final String prefix;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());

    private ConsistencyChecks(String prefix, int accounts, long balance) {
        this.prefix = prefix;
        this.accounts = accounts;
        this.balance = balance;
    }

    /** Accounts {@code prefix0..prefix<n-1>}, each set to {@code balance}. */
    public static ConsistencyChecks accounts(RespClient client, String prefix, int accounts, long balance) {
        for (int i = 0; i < accounts; i++) {
            client.call("SET", prefix + i, balance);
        }
        return new ConsistencyChecks(prefix, accounts, balance);
    }

    public long expectedTotal() {
        return accounts * balance;
    }

    /** The sum of every account, by one MGET. */
    public long total(RespClient client) {
        return sum(client.call(mget()));
    }

    public Outcome watchedTransfers(IntFunction<RespClient> clients, int threads, Budget budget) {
        return run(clients, threads, budget, (client, done) -> transfer(client, true));
    }

    public Outcome multiTransfers(IntFunction<RespClient> clients, int threads, Budget budget) {
        return run(clients, threads, budget, (client, done) -> transfer(client, false));
    }

    /**
     * Transfers by {@code transferClients} while {@code reader} sends MGETs of every account until
     * they are done; each MGET's sum must be the total.
     */
    public Outcome snapshotReads(IntFunction<RespClient> transferClients, int threads, Budget budget,
                                 RespClient reader) {
        AtomicBoolean transfersDone = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> reading = pool.submit(() -> {
            Object[] mget = mget();
            do {
                long sum = sum(reader.call(mget));
                reads.incrementAndGet();
                if (sum != expectedTotal()) {
                    anomalies.add("MGET summed to " + sum);
                }
            } while (!transfersDone.get());
        });
        try {
            Outcome outcome = multiTransfers(transferClients, threads, budget);
            transfersDone.set(true);
            join(reading);
            return outcome(outcome.elapsedNanos());
        } finally {
            transfersDone.set(true);
            pool.shutdownNow();
        }
    }

    /** CAS increments of {@code key} (set to 0 first) until each client has {@code successes} applied. */
    public static Outcome casIncrements(IntFunction<RespClient> clients, int threads, String key, Budget budget) {
        ConsistencyChecks checks = new ConsistencyChecks(key, 1, 0);
        try (RespClient setup = clients.apply(0)) {
            setup.call("SET", key, 0);
        }
        return checks.run(clients, threads, budget, (client, done) -> checks.increment(client, key));
    }

    /** The counter's final value, which must equal the increments committed. */
    public static long counter(RespClient client, String key) {
        return Long.parseLong((String) client.call("GET", key));
    }

    /** One client's step; returns whether it committed (budgets count commits). */
    @FunctionalInterface
    private interface Step {
        boolean run(RespClient client, long done);
    }

    private Outcome run(IntFunction<RespClient> clients, int threads, Budget budget, Step step) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                running.add(pool.submit(() -> {
                    try (RespClient client = clients.apply(index)) {
                        long done = 0;
                        while (budget.more(done)) {
                            if (step.run(client, done)) {
                                done++;
                            }
                        }
                    }
                }));
            }
            running.forEach(ConsistencyChecks::join);
        } finally {
            pool.shutdownNow();
        }
        return outcome(System.nanoTime() - start);
    }

    private Outcome outcome(long elapsedNanos) {
        return new Outcome(committed.get(), aborted.get(), reads.get(), List.copyOf(anomalies), elapsedNanos);
    }

    private boolean transfer(RespClient client, boolean watched) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String from = prefix + random.nextInt(accounts);
        String to = prefix + random.nextInt(accounts);
        if (from.equals(to)) {
            return false;
        }
        long amount = 1 + random.nextInt(5);
        long fromRead = 0;
        long toRead = 0;
        if (watched) {
            client.call("WATCH", from, to);
            fromRead = Long.parseLong((String) client.call("GET", from));
            toRead = Long.parseLong((String) client.call("GET", to));
        }
        client.call("MULTI");
        client.call("DECRBY", from, amount);
        client.call("INCRBY", to, amount);
        Object reply = client.call("EXEC");
        if (reply == null && watched) {
            aborted.incrementAndGet();
            return false;
        }
        boolean applied = reply instanceof List<?> list && list.size() == 2
                && list.get(0) instanceof Long fromAfter && list.get(1) instanceof Long toAfter
                && (!watched || fromAfter == fromRead - amount && toAfter == toRead + amount);
        if (!applied) {
            anomalies.add("EXEC of " + (watched ? "a watched" : "an unwatched") + " transfer of " + amount + " from "
                    + from + " (read " + fromRead + ") to " + to + " (read " + toRead + ") answered " + reply);
            return false;
        }
        committed.incrementAndGet();
        return true;
    }

    private boolean increment(RespClient client, String key) {
        client.call("WATCH", key);
        long value = Long.parseLong((String) client.call("GET", key));
        client.call("MULTI");
        client.call("SET", key, value + 1);
        Object reply = client.call("EXEC");
        if (reply == null) {
            aborted.incrementAndGet();
            return false;
        }
        if (!List.of("OK").equals(reply)) {
            anomalies.add("EXEC of SET " + key + " " + (value + 1) + " answered " + reply);
            return false;
        }
        committed.incrementAndGet();
        return true;
    }

    private Object[] mget() {
        Object[] command = new Object[accounts + 1];
        command[0] = "MGET";
        for (int i = 0; i < accounts; i++) {
            command[i + 1] = prefix + i;
        }
        return command;
    }

    private static long sum(Object mgetReply) {
        long sum = 0;
        for (Object value : (List<?>) mgetReply) {
            sum += Long.parseLong((String) value);
        }
        return sum;
    }

    private static void join(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client failed", e.getCause());
        }
    }
}
