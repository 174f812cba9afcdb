package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.StoppableDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The store's database stops (a real PostgreSQL of the test's own): the first operation that meets
 * it marks the database down, every later one fails at once with {@link DatabaseUnavailableException}
 * without waiting in the pool, and when the database is back the store finds it by itself.
 */
class DatabaseUnavailableTest {
    /**
     * Operations while the database is down. Each would wait at least one pool timeout (1 s) without
     * fail-fast; the bound below is generous for all of them failing at once and far below that.
     */
    private static final int OPERATIONS = 200;
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @Test
    void operationsFailAtOnceWhileDownAndWorkAgainWhenTheDatabaseReturns() {
        try (StoppableDatabase db = new StoppableDatabase();
             HstoreKv kv = HstoreKv.builder().jdbcUrl(db.jdbcUrl()).credentials("postgres", "postgres").open()) {
            Namespace ns = kv.namespace("outage");
            ns.set("k", "v");
            assertThat(kv.databaseAvailable()).isTrue();

            db.stop();
            assertThatThrownBy(() -> ns.get("k")).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessage("database unavailable");
            assertThat(kv.databaseAvailable()).isFalse();
            assertTimeoutPreemptively(GENEROUS, () -> {
                for (int i = 0; i < OPERATIONS; i++) {
                    String key = "k" + i;
                    assertThatThrownBy(() -> ns.set(key, "v")).isInstanceOf(DatabaseUnavailableException.class);
                    assertThatThrownBy(() -> kv.inTransaction(() -> ns.get(key)))
                            .isInstanceOf(DatabaseUnavailableException.class);
                }
            });

            db.start();
            Await.until(kv::databaseAvailable, Duration.ofSeconds(60), "the store to see the database again");
            assertThat(ns.get("k")).isEqualTo("v");
            ns.set("k", "w");
            assertThat(ns.get("k")).isEqualTo("w");
        }
    }
}
