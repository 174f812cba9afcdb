package io.hstorekv.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for a key to get something (BLPOP, BZPOPMIN, ...), for any type: keyed by namespace and
 * key, woken by a write on this instance ({@link #pushed}) or on any instance on the same database,
 * through PostgreSQL's LISTEN/NOTIFY, with no polling.
 *
 * <p>How a wake-up cannot be lost: a waiter first registers its keys in {@code key_waits} (committed),
 * then takes each key's advisory lock exclusively and looks (its first attempt) in that transaction.
 * Every write that can wake calls {@code key_pushed(ns, key)} before it adds anything, which takes the
 * same lock shared until commit and, with a snapshot taken after the lock, notifies if someone waits.
 * So a write either committed before the first look (which sees it), or sees the registration and
 * notifies at its commit. NOTIFY is sent only for keys someone waits on: it serializes commits.
 *
 * <p>One connection of the pool LISTENs, from the first wait on; after it reconnects every waiter
 * looks again (a notification may have been missed meanwhile).
 */
public final class KeyWaits implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyWaits.class);
    /** How long the listener waits before reconnecting after its connection failed. */
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Connections connections;
    private final Statements statements;
    private final String schema;
    private final String channel;
    /** This instance's name in key_waits. */
    private final String waiter = UUID.randomUUID().toString();
    /** Wake-ups by digest of namespace and key, in the order the waiters came. */
    private final Map<String, Set<Runnable>> wakeUps = new ConcurrentHashMap<>();
    /** Local waiters per (namespace, key) digest: the key_waits row exists while this is above 0. */
    private final Map<String, Integer> registered = new HashMap<>();
    private final ExecutorService wakeUpThread = Executors.newSingleThreadExecutor(daemon("hstorekv-wake-ups"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("hstorekv-block-timer"));
    private Thread listener;
    private volatile CompletableFuture<Void> listening;
    private volatile boolean closed;

    KeyWaits(Connections connections, Statements statements, String schema) {
        this.connections = connections;
        this.statements = statements;
        this.schema = Identifiers.quote(schema);
        this.channel = schema + "_pushed";
    }

    /**
     * Waits until an attempt returns non-null: {@code attempt} at once (its failure, e.g. WRONGTYPE,
     * is the result), then {@code retry} after each write to one of the keys (as Redis, it may pass
     * over keys that now hold another type); completes with null after {@code timeout} (null: no
     * limit). Cancelling the future stops the wait (an attempt already running still finishes: what
     * it took is then lost).
     */
    public <T> CompletableFuture<T> await(String namespace, List<String> keys, Duration timeout, Supplier<T> attempt,
                                          Supplier<T> retry) {
        startListening();
        // first looks run on the wake-up thread too: waiters look, and are served, in the order they came
        BlockedCall<T> call = new BlockedCall<>(wakeUpThread, retry);
        List<String> digests = keys.stream().map(k -> digest(namespace, k)).distinct().toList();
        register(namespace, keys, digests, call::signal);
        call.result().whenComplete((r, e) -> unregister(namespace, keys, digests, call::signal));
        if (timeout != null) {
            ScheduledFuture<?> expiry = timer.schedule(call::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
            call.result().whenComplete((r, e) -> expiry.cancel(false));
        }
        call.start(() -> firstLook(namespace, keys, attempt));
        return call.result();
    }

    /**
     * A write on this instance may have given the key something: wakes its local waiters at once.
     * Inside a transaction it does nothing: its writes are not visible before the commit, whose
     * NOTIFYs then wake the waiters in the order of the writes (as Redis serves after EXEC).
     */
    public void pushed(String namespace, String key) {
        if (!connections.transactionActive()) {
            wake(digest(namespace, key));
        }
    }

    /**
     * Lets the key's waiters try, on the one wake-up thread, in the order they began to wait: the
     * first is served first, as in Redis, and the next one tries only after it.
     */
    private void wake(String digest) {
        if (wakeUps.containsKey(digest)) {
            wakeUpThread.execute(() -> {
                Set<Runnable> waiting = wakeUps.get(digest);
                if (waiting != null) {
                    waiting.forEach(Runnable::run);
                }
            });
        }
    }

    /** The first attempt, in a transaction holding each key's lock exclusively (see the class notes). */
    private <T> T firstLook(String namespace, List<String> keys, Supplier<T> attempt) {
        return connections.inTransaction(() -> {
            statements.run(NamedStatement.parse("SELECT pg_advisory_xact_lock(hashtextextended(:ns || ':' || k, 7)) "
                    + "FROM unnest(:keys::text[]) AS k"), false, // sorted: waiters lock in one order
                    b -> b.text("ns", namespace).texts("keys", new ArrayList<>(new TreeSet<>(keys))), rs -> null);
            return attempt.get();
        });
    }

    private synchronized void register(String namespace, List<String> keys, List<String> digests, Runnable wake) {
        List<String> fresh = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            if (registered.merge(digest(namespace, key), 1, Integer::sum) == 1) {
                fresh.add(key);
            }
        }
        digests.forEach(d -> wakeUps.computeIfAbsent(d, x -> new CopyOnWriteArraySet<>()).add(wake));
        if (!fresh.isEmpty()) {
            statements.run(NamedStatement.parse("INSERT INTO " + schema + ".key_waits (ns, key, waiter) "
                    + "SELECT :ns, k, :waiter FROM unnest(:keys::text[]) AS k ON CONFLICT DO NOTHING"), false,
                    b -> b.text("ns", namespace).texts("keys", fresh).text("waiter", waiter), null);
        }
    }

    private synchronized void unregister(String namespace, List<String> keys, List<String> digests, Runnable wake) {
        digests.forEach(d -> wakeUps.computeIfPresent(d, (x, set) -> {
            set.remove(wake);
            return set.isEmpty() ? null : set;
        }));
        List<String> gone = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            if (registered.merge(digest(namespace, key), -1, Integer::sum) == 0) {
                registered.remove(digest(namespace, key));
                gone.add(key);
            }
        }
        if (!gone.isEmpty() && !closed) {
            try {
                statements.run(NamedStatement.parse("DELETE FROM " + schema + ".key_waits "
                        + "WHERE ns = :ns AND key = ANY(:keys::text[]) AND waiter = :waiter"), false,
                        b -> b.text("ns", namespace).texts("keys", gone).text("waiter", waiter), null);
            } catch (RuntimeException e) {
                // a row left behind only makes pushes to that key notify for nothing
                log.debug("could not delete key_waits rows", e);
            }
        }
    }

    /** Starts the LISTEN connection on first use and waits until it listens. */
    private void startListening() {
        CompletableFuture<Void> started;
        synchronized (this) {
            if (listening == null) {
                listening = new CompletableFuture<>();
                listener = daemon("hstorekv-key-waits").newThread(this::listen);
                listener.start();
            }
            started = listening;
        }
        started.join();
    }

    private void listen() {
        while (!closed) {
            try (Connection c = connections.borrow(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + Identifiers.quote(channel));
                try {
                    PGConnection pg = c.unwrap(PGConnection.class);
                    listening.complete(null);
                    wakeAll(); // anything missed while not listening
                    while (!closed) {
                        PGNotification[] notifications = pg.getNotifications(0);
                        if (notifications != null) {
                            for (PGNotification n : notifications) {
                                wake(n.getParameter());
                            }
                        }
                    }
                } finally {
                    st.execute("UNLISTEN *");
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("blocking commands: the LISTEN connection failed; reconnecting in {}", RECONNECT_DELAY, e);
                listening.complete(null); // waiters go on; they are woken when it is back
                try {
                    Thread.sleep(RECONNECT_DELAY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void wakeAll() {
        wakeUps.keySet().forEach(this::wake);
    }

    /** The NOTIFY payload for a key: md5 of "namespace:key", as key_pushed computes it. */
    static String digest(String namespace, String key) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest((namespace + ":" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops listening (wakes the listener with a notification of its own) and the waiters' threads. */
    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            try {
                statements.run(NamedStatement.parse("SELECT pg_notify(:channel, '')"), false,
                        b -> b.text("channel", channel), rs -> null);
            } catch (RuntimeException e) {
                listener.interrupt();
            }
        }
        wakeUpThread.shutdownNow();
        timer.shutdownNow();
    }
}
