package io.hstorekv.internal.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One blocked call's attempts (see {@link KeyWaits#await}): the first on the executor, the others
 * on the thread that signals, one at a time, again after every signal that came while one ran, until one returns non-null, the call expires or its
 * future is cancelled. An expiry that comes while an attempt runs lets it finish: what it took is
 * the result.
 */
final class BlockedCall<T> {
    private final Executor executor;
    private final Supplier<T> attempt;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private boolean running;
    private boolean signalled;
    private boolean expired;

    BlockedCall(Executor executor, Supplier<T> attempt) {
        this.executor = executor;
        this.attempt = attempt;
    }

    CompletableFuture<T> result() {
        return result;
    }

    /** Runs the first attempt ({@code first}: the attempt as the first look needs it). */
    void start(Supplier<T> first) {
        synchronized (this) {
            running = true;
        }
        executor.execute(() -> run(first));
    }

    /**
     * A write may have given one of the keys something: attempts on the calling thread (so that the
     * caller serves waiters one after the other, in order), or again after the attempt running now.
     */
    void signal() {
        synchronized (this) {
            if (result.isDone()) {
                return;
            }
            if (running) {
                signalled = true;
                return;
            }
            running = true;
        }
        run(attempt);
    }

    /** The timeout passed: completes with null, or lets a running attempt decide. */
    void expire() {
        synchronized (this) {
            if (running) {
                expired = true;
                return;
            }
        }
        result.complete(null);
    }

    private void run(Supplier<T> first) {
        Supplier<T> next = first;
        while (true) {
            T found;
            try {
                found = result.isDone() ? null : next.get();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    running = false;
                }
                result.completeExceptionally(e);
                return;
            }
            boolean expiredNow;
            synchronized (this) {
                if (found == null && signalled && !expired && !result.isDone()) {
                    signalled = false;
                    next = attempt;
                    continue;
                }
                running = false;
                expiredNow = expired;
            }
            if (found != null || expiredNow) {
                result.complete(found);
            }
            return;
        }
    }
}
