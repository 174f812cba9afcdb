package io.hstorekv.internal.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the change log ({@code changes}, filled by write statements and triggers) on a dedicated connection
 * (taken from the store's data source and held, so that it has all the data source's settings) and tells
 * a {@link Listener} which keys changed, so that near caches can drop them. See the package notes
 * for the horizon technique and the staleness bound.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int NETWORK_TIMEOUT_MILLIS = 5_000;
    private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * The longest wait between polls while nothing changes. Each poll that finds no change doubles
     * the wait up to this, each one that finds some brings it back to the interval: an idle store
     * polls about 10 times a second instead of 100 (each poll costs both the JVM and PostgreSQL
     * CPU), and the first change after an idle spell is seen within this plus one poll query.
     */
    static final Duration IDLE_INTERVAL = Duration.ofMillis(100);

    /** What the feed reports; called on the feed's thread. */
    public interface Listener {
        /** These keys of the namespace changed; {@code keys} null: all of them (TRUNCATE). */
        void changed(String namespace, String[] keys);

        /** The feed lost track (connection failure): drop everything. Called before it is marked down. */
        void reset();
    }

    private final DataSource dataSource;
    private final String pollSql;
    private final long intervalNanos;
    private final long idleIntervalNanos;
    private final long maxLagNanos;
    private final Listener listener;
    private final Thread thread;
    private final Object connectionLock = new Object();
    /** Applied seqs whose transaction id is at or above the horizon: a later poll may see them again. */
    private final Map<Long, Long> applied = new HashMap<>();

    private Connection connection;
    private volatile boolean up;
    private volatile boolean closed;
    /** System.nanoTime() at the start of the last poll that succeeded and was applied. */
    private volatile long lastPollStart;
    private volatile long polls;
    private volatile long failures;
    private volatile int backendPid;
    private long horizon = -1;

    ChangeFeed(DataSource dataSource, String schema, Duration interval, Listener listener) {
        this.dataSource = dataSource;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.idleIntervalNanos = Math.max(intervalNanos, IDLE_INTERVAL.toNanos());
        this.maxLagNanos = Math.max(Duration.ofSeconds(1).toNanos(), 20 * intervalNanos);
        String q = Identifiers.quote(schema);
        // One round trip: the snapshot's xmin (the next horizon) and every change at or above the
        // current horizon; the LEFT JOIN gives one row of nulls when there is none.
        this.pollSql = "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) "
                + "SELECT h.xmin, c.seq, c.tx::text::bigint, c.ns, c.keys FROM h LEFT JOIN " + q + ".changes c "
                + "ON c.tx >= ?::text::xid8 ORDER BY c.seq";
        this.thread = new Thread(this::run, "hstore-kv-change-feed");
        thread.setDaemon(true);
    }

    /** Connects and polls once (so caches work at once when the database is up), then follows in the background. */
    public void start() {
        try {
            pollOnce();
        } catch (SQLException | RuntimeException e) {
            fail(e);
        }
        thread.start();
    }

    /**
     * Whether caches may serve from memory: connected, caught up, and the last applied poll started
     * recently enough (a hanging feed connection turns caches off rather than letting them go stale).
     */
    public boolean isUp() {
        return up && System.nanoTime() - lastPollStart < maxLagNanos;
    }

    /** Polls applied since start. */
    public long polls() {
        return polls;
    }

    /** Connection failures since start. */
    public long failures() {
        return failures;
    }

    /** The feed connection's backend process id (0 when not connected); for tests and diagnostics. */
    public int backendPid() {
        return backendPid;
    }

    /** The wait before the next poll after one that waited {@code waited} and found changes or not. */
    long nextWait(long waited, boolean changed) {
        return changed ? intervalNanos : Math.min(idleIntervalNanos, Math.max(waited, intervalNanos) * 2);
    }

    private void run() {
        long backoff = intervalNanos;
        long wait = intervalNanos;
        while (!closed) {
            LockSupport.parkNanos(up ? wait : backoff);
            if (closed) {
                break;
            }
            try {
                wait = nextWait(wait, pollOnce());
                backoff = intervalNanos;
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                fail(e);
                backoff = Math.min(MAX_BACKOFF_NANOS, Math.max(backoff * 2, intervalNanos));
            }
        }
        closeConnection();
    }

    private void fail(Exception e) {
        boolean wasUp = up;
        up = false;
        failures++;
        listener.reset();
        closeConnection();
        if (wasUp) {
            log.warn("change feed connection lost; near caches flushed and bypassed until it reconnects", e);
        } else {
            log.debug("change feed still down", e);
        }
    }

    /** Applies the changes committed since the last poll; true if there were any. */
    private boolean pollOnce() throws SQLException {
        Connection c = connection();
        boolean changed = false;
        long start = System.nanoTime();
        long nextHorizon;
        try (PreparedStatement ps = c.prepareStatement(pollSql)) {
            ps.setString(1, Long.toString(Math.max(horizon, 0)));
            try (ResultSet rs = ps.executeQuery()) {
                nextHorizon = -1;
                while (rs.next()) {
                    nextHorizon = rs.getLong(1);
                    long seq = rs.getLong(2);
                    if (rs.wasNull() || horizon < 0) {
                        // no change; or the first poll after (re)connecting, which only sets the
                        // horizon: caches are empty then, so whatever they load is newer
                        continue;
                    }
                    long tx = rs.getLong(3);
                    if (applied.putIfAbsent(seq, tx) != null) {
                        continue;
                    }
                    Array keys = rs.getArray(5);
                    listener.changed(rs.getString(4), keys == null ? null : (String[]) keys.getArray());
                    changed = true;
                }
            }
        }
        horizon = nextHorizon;
        for (Iterator<Long> it = applied.values().iterator(); it.hasNext(); ) {
            if (it.next() < horizon) {
                it.remove();
            }
        }
        lastPollStart = start;
        polls++;
        up = true;
        return changed;
    }

    private Connection connection() throws SQLException {
        synchronized (connectionLock) {
            if (closed) {
                throw new SQLException("change feed closed");
            }
            if (connection == null) {
                horizon = -1;
                applied.clear();
                // from the application's data source, with all its settings; held for the feed's life
                Connection c = dataSource.getConnection();
                try {
                    c.setAutoCommit(true);
                    c.setNetworkTimeout(DIRECT, NETWORK_TIMEOUT_MILLIS);
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        backendPid = rs.getInt(1);
                    }
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                connection = c;
            }
            return connection;
        }
    }

    private static final Executor DIRECT = Runnable::run;

    private void closeConnection() {
        synchronized (connectionLock) {
            backendPid = 0;
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
                connection = null;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        up = false;
    }
}
