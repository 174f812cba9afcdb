package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** With two batches allowed in flight, a second caller's batch runs while the first is still running. */
    @Test
    void batchesUpToTheLimitRunAtOnce() throws Exception {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        CountDownLatch firstRunning = new CountDownLatch(1);
        Coalescer<Integer, Integer> negator = new Coalescer<>(batch -> {
            firstRunning.countDown();
            try {
                bothRunning.await(30, TimeUnit.SECONDS); // passes only when two batches run together
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the batches did not overlap", e);
            }
            List<Integer> out = new ArrayList<>();
            batch.forEach(n -> out.add(-n));
            return out;
        }, 2, n -> 1);
        List<Object> results = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            int request = n;
            threads.add(new Thread(() -> {
                try {
                    results.add(negator.submit(request));
                } catch (RuntimeException e) {
                    results.add(e);
                }
            }));
        }
        threads.get(0).start();
        await(firstRunning); // the second request comes once the first batch runs: it cannot join it
        threads.get(1).start();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(results).containsExactlyInAnyOrder(-1, -2);
    }
}
