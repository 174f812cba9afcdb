package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ASYNC namespaces turn off synchronous commit inside the write statement itself (no extra round
 * trip): run the rendered statement in an open transaction and look at the setting it leaves.
 */
class AsyncCommitTest {
    static Database database;
    static Jdbi jdbi;

    @BeforeAll
    static void open() {
        database = Database.open(TestDatabase.dataSource(), (failure, message, cause) -> new IllegalStateException(failure + ": " + message, cause),
                StoreFixture.uniqueName("async"),
                "hstorekv_schema_history", "public", true);
        jdbi = Jdbi.create(TestDatabase.dataSource());
    }

    @Test
    void asyncWritesCommitWithoutWaitingForTheDisk() {
        assertThat(settingAfterWrite(true)).isEqualTo("off");
    }

    @Test
    void durableWritesKeepSynchronousCommit() {
        assertThat(settingAfterWrite(false)).isEqualTo("on");
    }

    private String settingAfterWrite(boolean async) {
        String ns = StoreFixture.uniqueName("n");
        database.createNamespace(ns, async ? NamespaceDurability.ASYNC : NamespaceDurability.DURABLE);
        String[] sql = Sql.render(database.schema(), database.hstoreSchema(), ns, async);
        return jdbi.inTransaction(h -> {
            // The embedded server runs with synchronous_commit off: start from on, as a real server does.
            h.execute("SET LOCAL synchronous_commit = on");
            h.createUpdate(sql[Sql.SET.ordinal()]).bind("key", "k").bind("value", "v")
                    .bind("expiresAt", (Instant) null).bind("now", Instant.now()).execute();
            String setting = h.createQuery("SELECT current_setting('synchronous_commit')").mapTo(String.class).one();
            h.rollback();
            return setting;
        });
    }
}
