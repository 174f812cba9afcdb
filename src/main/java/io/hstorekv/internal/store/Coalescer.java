package io.hstorekv.internal.store;

import io.hstorekv.util.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit for single-key operations: concurrent callers' requests are run as one multi-row
 * statement. No thread of its own: a caller that finds no batch running becomes the leader, runs
 * whatever has queued (its own request included) and hands out the results; the others wait for
 * theirs. Under no concurrency a request runs alone, at the cost of one queue hop; under load, one
 * round trip serves many requests. Up to {@code maxInFlight} leaders may run batches at once (each
 * caller still gets its result only once its own batch is done): durable writes then overlap their
 * commits' disk flushes instead of queueing behind one another's.
 *
 * @param <Q> a request
 * @param <R> its result
 */
public final class Coalescer<Q, R> {
    /** A batch takes requests until their weight (requests, or what {@code weight} counts) reaches this. */
    private static final int MAX_BATCH_WEIGHT = 1000;

    private final Function<List<Q>, List<R>> runBatch;
    private final ConcurrentLinkedQueue<Pending<Q, R>> queue = new ConcurrentLinkedQueue<>();
    private final int maxInFlight;
    private final ToIntFunction<Q> weight;
    private final AtomicInteger leaders = new AtomicInteger();

    private record Pending<Q, R>(Q request, CompletableFuture<R> result, Thread waiter) {}

    /** One batch in flight at a time, of up to 1000 requests. */
    public Coalescer(Function<List<Q>, List<R>> runBatch) {
        this(runBatch, 1, request -> 1);
    }

    /**
     * @param runBatch runs requests as one statement and returns one result per request, in order
     * @param maxInFlight batches that may run at once (their statements must not deadlock each other)
     * @param weight what a request adds to its batch (e.g. its keys); a batch stops once at 1000 or more
     */
    public Coalescer(Function<List<Q>, List<R>> runBatch, int maxInFlight, ToIntFunction<Q> weight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive, got " + maxInFlight);
        }
        this.runBatch = runBatch;
        this.maxInFlight = maxInFlight;
        this.weight = weight;
    }

    public R submit(Q request) {
        Pending<Q, R> mine = new Pending<>(request, new CompletableFuture<>(), Thread.currentThread());
        queue.add(mine);
        while (!mine.result().isDone()) {
            if (tryLead()) {
                try {
                    drain();
                } finally {
                    leaders.decrementAndGet();
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

    /** Takes a leader's slot if one is free. */
    private boolean tryLead() {
        for (int now = leaders.get(); now < maxInFlight; now = leaders.get()) {
            if (leaders.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Requests waiting for a batch (for tests). */
    int queued() {
        return queue.size();
    }

    private void drain() {
        List<Pending<Q, R>> batch = new ArrayList<>();
        int total = 0;
        for (Pending<Q, R> p; total < MAX_BATCH_WEIGHT && (p = queue.poll()) != null; ) {
            batch.add(p);
            total += weight.applyAsInt(p.request());
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
