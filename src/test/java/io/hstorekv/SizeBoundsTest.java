package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.Await;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.StoreTestBase;
import io.hstorekv.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bounded namespaces: the least recently written entries past a bound are evicted by the sweeper. */
class SizeBoundsTest extends StoreTestBase {
    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanPage page = ns.scan("*", "0", 1000);
        keys.addAll(page.keys());
        return keys;
    }

    private void writeInOrder(int count, String value) {
        for (int i = 0; i < count; i++) {
            ns.set("k" + i, value);
        }
    }

    @Test
    void pastMaxEntriesTheLeastRecentlyWrittenGoFirst() {
        writeInOrder(10, "v");
        ns.set("k0", "rewritten"); // now the most recently written

        kv.setSizeBounds(ns.name(), SizeBounds.entries(6));
        assertThat(kv.evictOverBounds()).isEqualTo(4);

        assertThat(keys()).containsExactlyInAnyOrder("k0", "k5", "k6", "k7", "k8", "k9");
        StoredSize size = kv.storedSize(ns.name());
        assertThat(size.entries()).isEqualTo(6);
        assertThat(size.evictions()).isEqualTo(4);
        assertThat(size.bounds()).isEqualTo(SizeBounds.entries(6));
        assertThat(kv.evictOverBounds()).as("within bounds: nothing more").isZero();
    }

    @Test
    void pastMaxBytesEntriesGoUntilTheNamespaceFits() {
        writeInOrder(20, "x".repeat(1000));
        ns.hashes().set("profile", Map.of("name", "y".repeat(1000))); // hashes count by their fields
        long before = kv.storedSize(ns.name()).bytes();
        assertThat(before).isGreaterThan(21_000);

        kv.setSizeBounds(ns.name(), SizeBounds.bytes(5_500));
        kv.evictOverBounds();

        StoredSize size = kv.storedSize(ns.name());
        assertThat(size.bytes()).isLessThanOrEqualTo(5_500);
        assertThat(size.entries()).isEqualTo(5);
        assertThat(keys()).containsExactlyInAnyOrder("profile", "k19", "k18", "k17", "k16");
    }

    @Test
    void bothBoundsHoldAndLiftingThemStopsEviction() {
        writeInOrder(10, "x".repeat(1000));
        kv.setSizeBounds(ns.name(), new SizeBounds(8, 3_100));
        kv.evictOverBounds();
        assertThat(kv.storedSize(ns.name()).entries()).isEqualTo(3);

        kv.setSizeBounds(ns.name(), SizeBounds.NONE);
        writeInOrder(10, "x".repeat(1000));
        assertThat(kv.evictOverBounds()).isZero();
        assertThat(kv.storedSize(ns.name())).isEqualTo(new StoredSize(10, kv.storedSize(ns.name()).bytes(), SizeBounds.NONE, 7));
    }

    @Test
    void theBackgroundSweeperOfAnyInstanceEnforcesTheBounds() {
        kv.setSizeBounds(ns.name(), SizeBounds.entries(3)); // set by this instance, kept in the database
        writeInOrder(10, "v");
        try (HstoreKv sweeping = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                .clock(clock).sweepInterval(Duration.ofMillis(10)).open()) {
            Await.until(() -> sweeping.storedSize(ns.name()).entries() == 3, Duration.ofSeconds(30), "the sweeper's eviction");
        }
        assertThat(keys()).containsExactlyInAnyOrder("k7", "k8", "k9");
    }

    @Test
    void nearCachesHearOfEvictions() {
        String name = StoreFixture.uniqueName("cached");
        try (HstoreKv cached = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(schema)
                .clock(clock).sweepInterval(null).nearCache(name, 100).open()) {
            Namespace cachedNs = cached.namespace(name);
            cachedNs.set("old", "1");
            cachedNs.set("new", "2");
            assertThat(cachedNs.get("old")).isEqualTo("1"); // now in the near cache

            cached.setSizeBounds(name, SizeBounds.entries(1));
            assertThat(kv.evictOverBounds()).isEqualTo(1);

            Await.until(() -> cachedNs.get("old") == null, Duration.ofSeconds(30), "the near cache to drop the evicted key");
            assertThat(cachedNs.get("new")).isEqualTo("2");
        }
    }

    @Test
    void badBoundsAndUnknownNamespacesAreRefused() {
        assertThatThrownBy(() -> SizeBounds.entries(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size bounds must be positive, or 0 for none; got maxEntries -1, maxBytes 0");
        assertThatThrownBy(() -> kv.setSizeBounds("no_such_namespace", SizeBounds.entries(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("there is no namespace no_such_namespace");
        assertThatThrownBy(() -> kv.storedSize("no_such_namespace")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kv.setSizeBounds(ns.name(), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kv.setSizeBounds("Bad-Name", SizeBounds.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(kv.storedSize(ns.name()).bounds()).isEqualTo(SizeBounds.NONE);
    }
}
