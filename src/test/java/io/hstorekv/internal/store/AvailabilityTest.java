package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.hstorekv.testing.Await;
import io.hstorekv.testing.StoppableDatabase;
import io.hstorekv.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** What marks the database down, and how the probe backs off. */
class AvailabilityTest {
    private static final Failure.Failures FAILURES = (failure, message, cause) -> new KindedFailure(failure);

    /** The failure kind the store raised. */
    private static final class KindedFailure extends RuntimeException {
        final Failure kind;

        KindedFailure(Failure kind) {
            super(kind.name());
            this.kind = kind;
        }
    }

    @Test
    void probeDelaysDoubleUpToTheLongest() {
        Duration delay = Availability.FIRST_PROBE_DELAY;
        for (int i = 0; i < 10; i++) {
            Duration next = Availability.nextDelay(delay);
            assertThat(next).isEqualTo(min(delay.multipliedBy(2), Availability.LONGEST_PROBE_DELAY));
            delay = next;
        }
        assertThat(delay).isEqualTo(Availability.LONGEST_PROBE_DELAY);
    }

    @Test
    void connectionFailuresAreToldFromStatementFailures() {
        assertThat(SqlState.connectionLost(new SQLException("refused", "08001"))).isTrue();
        assertThat(SqlState.connectionLost(new SQLException("broken", "08006"))).isTrue();
        assertThat(SqlState.connectionLost(new SQLException("admin shutdown", "57P01"))).isTrue();
        assertThat(SqlState.connectionLost(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(SqlState.connectionLost(new SQLTransientConnectionException("pool timed out", "08001",
                new SQLException("refused", "08001")))).isTrue();
        assertThat(SqlState.connectionLost(new SQLException("canceled", "57014"))).isFalse();
        assertThat(SqlState.connectionLost(new SQLException("syntax", "42601"))).isFalse();
        assertThat(SqlState.connectionLost(new SQLTransientConnectionException("pool timed out"))).isFalse();
    }

    /** A pool that is merely busy times out without a connection failure: the database stays up. */
    @Test
    void aBusyPoolIsNotAnUnreachableDatabase() throws SQLException {
        String[] target = TestDatabase.connection();
        try (HikariDataSource pool = pool(target[0], target[1], target[2], 1, new LongAdder());
             Connection held = pool.getConnection()) {
            Availability availability = new Availability(pool, FAILURES, Clock.systemUTC());
            Statements statements = statements(pool, availability);
            assertThatThrownBy(() -> selectOne(statements))
                    .isInstanceOfSatisfying(KindedFailure.class, f -> assertThat(f.kind).isEqualTo(Failure.DATABASE));
            assertThat(availability.up()).isTrue();
        }
    }

    /**
     * A pool whose connections are gone and that cannot make new ones times out with the connection
     * failure's state: the first wait marks the database down (not all of the busy-pool waits), and
     * the probe marks it up once the database is back.
     */
    @Test
    void aPoolThatCannotConnectMarksTheDatabaseDownUntilItIsBack() {
        LongAdder poolTimeouts = new LongAdder();
        try (StoppableDatabase db = new StoppableDatabase();
             HikariDataSource pool = pool(db.jdbcUrl(), "postgres", "postgres", 4, poolTimeouts)) {
            Availability availability = new Availability(pool, FAILURES, Clock.systemUTC());
            Statements statements = statements(pool, availability);
            assertThat(selectOne(statements)).isEqualTo(1);

            db.stop();
            pool.getHikariPoolMXBean().softEvictConnections();
            assertThatThrownBy(() -> selectOne(statements))
                    .isInstanceOfSatisfying(KindedFailure.class, f -> assertThat(f.kind).isEqualTo(Failure.UNAVAILABLE));
            assertThat(availability.up()).isFalse();
            assertThat(poolTimeouts.sum()).as("the pool's timeouts waited through").isEqualTo(1);

            db.start();
            Await.until(availability::up, Duration.ofSeconds(60), "the probe to reach the database again");
            assertThat(selectOne(statements)).isEqualTo(1);
            availability.close();
        }
    }

    /** A pool with HikariCP's shortest wait for a connection, counting its timeouts. */
    private static HikariDataSource pool(String url, String user, String password, int size, LongAdder timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(250);
        config.setMetricsTrackerFactory((name, stats) -> new IMetricsTracker() {
            @Override
            public void recordConnectionTimeout() {
                timeouts.increment();
            }
        });
        return new HikariDataSource(config);
    }

    /** Statements that wait through up to 30 of the pool's timeouts while it is busy, as the store's own pool does. */
    private static Statements statements(HikariDataSource pool, Availability availability) {
        return new Statements(new Connections(pool, new SqlErrors(FAILURES, availability), 30));
    }

    private static Integer selectOne(Statements statements) {
        return statements.onPooledConnection(s -> s.query("SELECT 1", Statements.NO_VALUES,
                Statements.firstRow(rs -> rs.getInt(1))));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
