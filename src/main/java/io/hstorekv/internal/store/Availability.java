package io.hstorekv.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can be reached. A connection-class failure ({@link SqlState#connectionLost})
 * marks it down; from then on every operation fails at once with {@link Failure#UNAVAILABLE}
 * instead of waiting in the pool, until a background probe (one {@code SELECT 1}, retried with
 * backoff) gets an answer and marks it up again. Operations pay one volatile read.
 */
final class Availability implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Availability.class);

    /** The wait before the first probe; each failed probe doubles it, up to {@link #LONGEST_PROBE_DELAY}. */
    static final Duration FIRST_PROBE_DELAY = Duration.ofMillis(100);
    static final Duration LONGEST_PROBE_DELAY = Duration.ofSeconds(2);
    /** The text of the failure, which the API words for its callers. */
    static final String UNAVAILABLE = "database unavailable";

    private final DataSource dataSource;
    private final Failure.Failures failures;
    private final Clock clock;
    private volatile boolean up = true;
    private volatile boolean closed;
    private Thread prober; // guarded by this
    private Instant downSince; // guarded by this

    Availability(DataSource dataSource, Failure.Failures failures, Clock clock) {
        this.dataSource = dataSource;
        this.failures = failures;
        this.clock = clock;
    }

    boolean up() {
        return up;
    }

    /** Fails at once while the database is known to be down. */
    void check() {
        if (!up) {
            throw unavailable(null);
        }
    }

    RuntimeException unavailable(Throwable cause) {
        return failures.of(Failure.UNAVAILABLE, UNAVAILABLE, cause);
    }

    /** Marks the database down after {@code cause}, a connection-class failure, and starts probing. */
    synchronized void lost(Throwable cause) {
        if (!up || closed) {
            return;
        }
        up = false;
        downSince = clock.instant();
        log.warn("database unreachable ({}); failing operations at once until it answers again",
                SqlErrors.serverMessage(cause));
        prober = new Thread(this::probeUntilUp, "hstore-kv-availability-probe");
        prober.setDaemon(true);
        prober.start();
    }

    /** The wait after a failed probe that waited {@code delay}. */
    static Duration nextDelay(Duration delay) {
        Duration doubled = delay.multipliedBy(2);
        return doubled.compareTo(LONGEST_PROBE_DELAY) > 0 ? LONGEST_PROBE_DELAY : doubled;
    }

    private void probeUntilUp() {
        Duration delay = FIRST_PROBE_DELAY;
        while (!closed) {
            LockSupport.parkNanos(delay.toNanos());
            if (!closed && answers()) {
                markUp();
                return;
            }
            delay = nextDelay(delay);
        }
    }

    private boolean answers() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private synchronized void markUp() {
        Duration down = Duration.between(downSince, clock.instant());
        log.info("database reachable again after {} ms", down.toMillis());
        prober = null;
        up = true;
    }

    /** Stops probing (the store is closing). */
    @Override
    public synchronized void close() {
        closed = true;
        if (prober != null) {
            LockSupport.unpark(prober);
        }
    }
}
