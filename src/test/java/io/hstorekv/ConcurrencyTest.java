package io.hstorekv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.testing.StoreTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends StoreTestBase {
    static final int THREADS = 8;
    static final int PER_THREAD = 200;

    @Test
    void concurrentIncrementsOnOneKeyAndOneFieldAreExact() throws Exception {
        runConcurrently(t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                ns.increment("counter");
                ns.hashes().increment("h", "field", 1);
            }
        });
        assertThat(ns.get("counter")).isEqualTo(String.valueOf(THREADS * PER_THREAD));
        assertThat(ns.hashes().get("h", "field")).isEqualTo(String.valueOf(THREADS * PER_THREAD));
    }

    @Test
    void concurrentSetAddsCountEachMemberOnce() throws Exception {
        List<Long> added = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(t -> {
            for (int i = 0; i < PER_THREAD; i++) {
                added.add(ns.sets().add("s", "m" + i));
            }
        });
        assertThat(added.stream().mapToLong(Long::longValue).sum()).isEqualTo(PER_THREAD);
        assertThat(ns.sets().size("s")).isEqualTo(PER_THREAD);
    }

    @Test
    void overlappingBatchWritesNeverDeadlock() throws Exception {
        runConcurrently(t -> {
            for (int round = 0; round < 30; round++) {
                Map<String, String> batch = new HashMap<>();
                // Each thread writes an overlapping window, given in a different order per thread.
                for (int i = 0; i < 50; i++) {
                    int k = (t % 2 == 0) ? i : 49 - i;
                    batch.put("k" + k, "t" + t);
                }
                ns.setAll(batch);
                ns.deleteAll(new TreeMap<>(batch).descendingKeySet());
            }
        });
        assertThat(ns.count()).isBetween(0L, 50L);
    }

    @Test
    void compareAndSetLetsExactlyOneWriterWinPerVersion() throws Exception {
        ns.set("cas", "0");
        runConcurrently(t -> {
            for (int i = 0; i < 50; i++) {
                while (true) {
                    Versioned v = ns.getVersioned("cas");
                    long next = Long.parseLong(v.value()) + 1;
                    if (ns.compareAndSet("cas", v.version(), Long.toString(next), null)) {
                        break;
                    }
                }
            }
        });
        assertThat(ns.get("cas")).isEqualTo(String.valueOf(THREADS * 50));
    }

    interface Work {
        void run(int thread) throws Exception;
    }

    static void runConcurrently(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit((Callable<Object>) () -> {
                    work.run(thread);
                    return null;
                }));
            }
            for (Future<Object> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
