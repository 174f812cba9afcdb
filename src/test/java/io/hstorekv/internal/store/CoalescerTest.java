package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    @Test
    void everyCallerGetsItsOwnResultAndBatchesForm() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        CountDownLatch firstBatchEntered = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        Coalescer<Integer, Integer> doubler = new Coalescer<>(batch -> {
            batchSizes.add(batch.size());
            if (batchSizes.size() == 1) {
                firstBatchEntered.countDown();
                await(othersQueued); // hold the first batch so the others pile up behind it
            }
            List<Integer> out = new ArrayList<>();
            batch.forEach(n -> out.add(n * 2));
            return out;
        });
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread first = new Thread(() -> assertThat(doubler.submit(-1)).isEqualTo(-2));
        first.start();
        await(firstBatchEntered);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 1000;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        assertThat(doubler.submit(base + i)).isEqualTo(2 * (base + i));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        while (doubler.queued() < 8) { // every thread's first request waits behind the held batch
            Thread.onSpinWait();
        }
        othersQueued.countDown();
        first.join();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1 + 8 * 200);
        assertThat(batchSizes.get(1)).as("the requests queued behind the first batch go together").isEqualTo(8);
    }

    @Test
    void aFailedBatchFailsItsCallers() {
        Coalescer<String, String> failing = new Coalescer<>(batch -> {
            throw new IllegalStateException("database down");
        });
        assertThatThrownBy(() -> failing.submit("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("database down");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
