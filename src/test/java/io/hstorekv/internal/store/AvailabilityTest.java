package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hstorekv.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
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
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target[0]);
        config.setUsername(target[1]);
        config.setPassword(target[2]);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        try (HikariDataSource pool = new HikariDataSource(config); Connection held = pool.getConnection()) {
            Availability availability = new Availability(pool, FAILURES, Clock.systemUTC());
            Statements statements = new Statements(new Connections(pool, new SqlErrors(FAILURES, availability), 2));
            assertThatThrownBy(() -> statements.onPooledConnection(s -> s.query("SELECT 1",
                    Statements.NO_VALUES, Statements.firstRow(rs -> rs.getInt(1)))))
                    .isInstanceOfSatisfying(KindedFailure.class, f -> assertThat(f.kind).isEqualTo(Failure.DATABASE));
            assertThat(availability.up()).isTrue();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
