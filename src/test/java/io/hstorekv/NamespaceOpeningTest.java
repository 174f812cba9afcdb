package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import io.hstorekv.testing.TestSql;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening namespaces: one instance per name, and one slow opening never holds up another name. */
class NamespaceOpeningTest {
    private final String schema = StoreFixture.uniqueName("open");
    /** Threads of our own: the common pool may have one thread only, which a waiting opening would hold. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void openingANamespaceIsNotHeldUpByAnotherNamespaceWaitingForALock() throws Exception {
        String slow = StoreFixture.uniqueName("slow");
        // in the same bin of the store's map of open namespaces as `slow`: opening inside the map's
        // computeIfAbsent would hold that bin, and so this name, for as long as `slow` waits
        String quick = sameBin(slow, StoreFixture.uniqueName("quick"));
        try (HstoreKv plain = StoreFixture.open(schema, new MutableClock())) {
            plain.namespace(slow).set("k", "v");
            plain.namespace(quick);
        }
        try (HstoreKv kv = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                .sweepInterval(null).nearCache(slow, 100).open();
             Connection writer = TestDatabase.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                // a write in flight: turning on slow's change log waits for it to end
                st.execute("UPDATE " + schema + ".entries SET value = 'w' WHERE ns = '" + slow + "'");
            }
            CompletableFuture<Namespace> opening = CompletableFuture.supplyAsync(() -> kv.namespace(slow), threads);
            try {
                Await.until(() -> lockWaits(slow) > 0, Duration.ofSeconds(10), "the opening to wait for the write");
                Namespace other = CompletableFuture.supplyAsync(() -> kv.namespace(quick), threads).get(10, TimeUnit.SECONDS);
                assertThat(other.name()).isEqualTo(quick);
                assertThat(opening).isNotDone();
            } finally {
                writer.commit();
            }
            assertThat(opening.get(10, TimeUnit.SECONDS)).isSameAs(kv.namespace(slow));
        }
    }

    @Test
    void concurrentOpeningsOfOneNameShareOneInstance() throws Exception {
        String name = StoreFixture.uniqueName("shared");
        try (HstoreKv kv = StoreFixture.open(schema, new MutableClock())) {
            List<CompletableFuture<Namespace>> openings = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                openings.add(CompletableFuture.supplyAsync(() -> kv.namespace(name), threads));
            }
            for (CompletableFuture<Namespace> opening : openings) {
                assertThat(opening.get(10, TimeUnit.SECONDS)).isSameAs(kv.namespace(name));
            }
        }
    }

    /** A name made of {@code prefix} plus digits that a small ConcurrentHashMap keeps in the bin of {@code name}. */
    private static String sameBin(String name, String prefix) {
        for (int i = 0; ; i++) {
            String candidate = prefix + "_" + i;
            if ((spread(candidate) & 63) == (spread(name) & 63)) {
                return candidate;
            }
        }
    }

    /** ConcurrentHashMap's spreading of a key's hash. */
    private static int spread(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & 0x7fffffff;
    }

    private long lockWaits(String namespace) {
        try {
            return TestSql.queryLong(("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = to_regclass('"
                    + schema + ".ns_" + namespace + "')"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
