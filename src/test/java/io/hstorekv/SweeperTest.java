package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweeperTest extends StoreTestBase {

    @Test
    void sweepDeletesOnlyExpiredRowsInBatches() throws Exception {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 1200; i++) {
            many.put("e" + i, "v");
        }
        ns.setAll(many);
        for (int i = 0; i < 1200; i++) {
            ns.expire("e" + i, Duration.ofSeconds(1));
        }
        ns.set("keep", "v");
        ns.set("later", "v", Duration.ofHours(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(rows()).isEqualTo(1202);
        assertThat(kv.sweepExpired()).isEqualTo(1200);
        assertThat(rows()).isEqualTo(2);
        assertThat(kv.sweepExpired()).isZero();
    }

    @Test
    void sweepSkipsRowsAWriterHoldsAndNeverWaits() throws Exception {
        ns.set("locked", "v", Duration.ofSeconds(1));
        ns.set("free", "v", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        try (Connection writer = TestDatabase.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                st.execute("SELECT 1 FROM " + schema + ".entries WHERE ns = '" + ns.name() + "' AND key = 'locked' FOR UPDATE");
                assertThat(kv.sweepExpired()).isEqualTo(1);
            }
            writer.rollback();
        }
        assertThat(kv.sweepExpired()).isEqualTo(1);
        assertThat(rows()).isZero();
    }

    @Test
    void twoInstancesSweepingTogetherDeleteEachRowOnce() throws Exception {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            many.put("x" + i, "v");
        }
        ns.setAll(many);
        for (int i = 0; i < 3000; i += 1) {
            ns.expire("x" + i, Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(2));
        try (HstoreKv second = StoreFixture.open(schema, clock)) {
            long[] counts = new long[2];
            Thread a = new Thread(() -> counts[0] = kv.sweepExpired());
            Thread b = new Thread(() -> counts[1] = second.sweepExpired());
            a.start();
            b.start();
            a.join();
            b.join();
            assertThat(counts[0] + counts[1]).isEqualTo(3000);
        }
        assertThat(rows()).isZero();
    }

    private long rows() throws Exception {
        return TestSql.queryLong("SELECT count(*) FROM " + schema + ".entries WHERE ns = '" + ns.name() + "'");
    }
}
