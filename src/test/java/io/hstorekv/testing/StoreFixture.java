package io.hstorekv.testing;

import io.hstorekv.HstoreKv;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens stores on the test database, each test class in a schema of its own. */
public final class StoreFixture {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private StoreFixture() {}

    public static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
    }

    /** A store with an injected clock, no background sweeper and a near cache on one namespace. */
    public static HstoreKv openCached(String schema, MutableClock clock, String namespace) {
        return HstoreKv.builder()
                .dataSource(TestDatabase.dataSource())
                .schema(schema)
                .clock(clock)
                .sweepInterval(null)
                .nearCache(namespace, 10_000)
                .open();
    }

    /** A store with an injected clock and no background sweeper (tests sweep explicitly). */
    public static HstoreKv open(String schema, MutableClock clock) {
        return HstoreKv.builder()
                .dataSource(TestDatabase.dataSource())
                .schema(schema)
                .clock(clock)
                .sweepInterval(null)
                .maxValueBytes(1024 * 1024)
                .open();
    }
}
