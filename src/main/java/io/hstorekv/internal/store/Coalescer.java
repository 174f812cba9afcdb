package io.hstorekv.internal.store;

import io.hstorekv.util.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit for single-key operations: concurrent callers' requests are run as one multi-row
 * statement. No thread of its own: a caller that finds no batch running becomes the leader, runs
 * whatever has queued (its own request included) and hands out the results; the others wait for
 * theirs. Under no concurrency a request runs alone, at the cost of one queue hop; under load, one
 * round trip serves many requests.
 *
 * @param <Q> a request
 * @param <R> its result
 */
public final class Coalescer<Q, R> {
    private static final int MAX_BATCH = 1000;

    private final Function<List<Q>, List<R>> runBatch;
    private final ConcurrentLinkedQueue<Pending<Q, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();

    private record Pending<Q, R>(Q request, CompletableFuture<R> result, Thread waiter) {}

    /** @param runBatch runs requests as one statement and returns one result per request, in order */
    public Coalescer(Function<List<Q>, List<R>> runBatch) {
        this.runBatch = runBatch;
    }

    public R submit(Q request) {
        Pending<Q, R> mine = new Pending<>(request, new CompletableFuture<>(), Thread.currentThread());
        queue.add(mine);
        while (!mine.result().isDone()) {
            if (leading.compareAndSet(false, true)) {
                try {
                    drain();
                } finally {
                    leading.set(false);
                }
                // Hand over: whoever queued meanwhile is woken to lead the next batch. A request
                // queued after this look finds no leader and leads itself.
                Pending<Q, R> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.waiter());
                }
            } else {
                // Woken by our result or by a handover (or spuriously): the loop looks again.
                LockSupport.park(this);
            }
        }
        return Futures.join(mine.result());
    }

    /** Requests waiting for a batch (for tests). */
    int queued() {
        return queue.size();
    }

    private void drain() {
        List<Pending<Q, R>> batch = new ArrayList<>();
        for (Pending<Q, R> p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<Q> requests = new ArrayList<>(batch.size());
        batch.forEach(p -> requests.add(p.request()));
        try {
            List<R> results = runBatch.apply(requests);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
        batch.forEach(p -> LockSupport.unpark(p.waiter()));
    }

}
