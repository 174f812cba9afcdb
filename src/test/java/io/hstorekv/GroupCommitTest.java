package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With group commit on, concurrent gets and sets share statements and still behave one by one. */
class GroupCommitTest {
    static final MutableClock clock = new MutableClock();
    static HstoreKv kv;

    @BeforeAll
    static void open() {
        kv = HstoreKv.builder().dataSource(TestDatabase.dataSource()).schema(StoreFixture.uniqueName("gc"))
                .clock(clock).sweepInterval(null).groupCommit(true).open();
    }

    @AfterAll
    static void close() {
        kv.close();
    }

    @Test
    void concurrentCallersEachSeeTheirOwnWritesAndErrors() throws Exception {
        Namespace ns = kv.namespace(StoreFixture.uniqueName("ns"));
        ns.hashes().set("a-hash", "f", "v");
        ns.set("ttl", "v", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        int threads = 8;
        int rounds = 300;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<String, Boolean> wrongTypeSeen = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        String key = "k" + thread + ":" + (i % 20);
                        String value = thread + "/" + i;
                        ns.set(key, value);
                        assertThat(ns.get(key)).isEqualTo(value);
                        ns.set("shared", value);
                        assertThat(ns.get("ttl")).isNull();
                        assertThat(ns.get("missing" + i)).isNull();
                        try {
                            ns.get("a-hash");
                        } catch (WrongTypeException expected) {
                            wrongTypeSeen.put(Thread.currentThread().getName(), true);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "worker-" + t));
        }
        workers.forEach(Thread::start);
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        assertThat(wrongTypeSeen).hasSize(threads);
        assertThat(ns.get("shared")).matches("\\d+/299");
        assertThat(ns.count()).isEqualTo(threads * 20 + 2);
    }

    @Test
    void insideATransactionCallsRunOnTheTransactionsConnection() {
        Namespace ns = kv.namespace(StoreFixture.uniqueName("ns"));
        assertThatThrownBy(() -> kv.inTransaction(() -> {
            ns.set("k", "v");
            assertThat(ns.get("k")).isEqualTo("v");
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(ns.get("k")).isNull();
    }

    /**
     * setAll shares statements with concurrent SETs yet stays all-or-nothing: a reader never sees
     * the keys of one call from two different calls, and each key ends as the last call left it.
     */
    @Test
    void sharedSetAllsStayAtomicAndSingleSetsStayExact() throws Exception {
        Namespace ns = kv.namespace(StoreFixture.uniqueName("ns"), Durability.DURABLE);
        ns.setAll(Map.of("a", "0", "b", "0"));
        int writers = 4;
        int rounds = 150;
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            int writer = t;
            threads.add(new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        String v = writer + ":" + r;
                        ns.setAll(Map.of("a", v, "b", v));
                        ns.set("own" + writer, v);
                        assertThat(ns.get("own" + writer)).isEqualTo(v);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        Thread reader = new Thread(() -> {
            try {
                while (writing.get()) {
                    List<String> ab = ns.getAll(List.of("a", "b"));
                    assertThat(ab.get(0)).isEqualTo(ab.get(1));
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        threads.forEach(Thread::start);
        reader.start();
        for (Thread t : threads) {
            t.join();
        }
        writing.set(false);
        reader.join();
        assertThat(failures).isEmpty();
        for (int t = 0; t < writers; t++) {
            assertThat(ns.get("own" + t)).isEqualTo(t + ":" + (rounds - 1));
        }
    }
}
