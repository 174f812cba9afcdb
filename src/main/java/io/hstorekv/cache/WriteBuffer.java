package io.hstorekv.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded multi-producer / single-consumer queue of policy tasks (add, update, remove).
 *
 * <p>Unlike reads, writes must never be lost (the size bound depends on them), so when the queue is
 * full the writer has to drain it itself under the lock: that back-pressure is what keeps the
 * buffer bounded. Slot sequence numbers (Vyukov's bounded queue) let producers publish without a
 * lock.
 */
final class WriteBuffer {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    private final int mask;
    private final Runnable[] tasks;
    private final long[] sequences; // slot i is free for the producer at position p when seq == p
    private final AtomicLong tail = new AtomicLong();
    private volatile long head; // written only by the consumer

    WriteBuffer(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        mask = size - 1;
        tasks = new Runnable[size];
        sequences = new long[size];
        for (int i = 0; i < size; i++) {
            sequences[i] = i;
        }
    }

    /** Returns false when full; the caller must drain and retry. */
    boolean offer(Runnable task) {
        for (;;) {
            long t = tail.get();
            int i = (int) t & mask;
            long seq = (long) SEQ.getAcquire(sequences, i);
            if (seq == t) {
                if (tail.compareAndSet(t, t + 1)) {
                    tasks[i] = task;
                    SEQ.setRelease(sequences, i, t + 1);
                    return true;
                }
            } else if (seq < t) {
                return false; // the slot still holds an undrained task from the previous lap
            }
            // otherwise another producer took position t; retry with the new tail
        }
    }

    /** Single consumer: the next published task, or null if empty (or the next one is mid-publish). */
    Runnable poll() {
        long h = head;
        int i = (int) h & mask;
        if ((long) SEQ.getAcquire(sequences, i) != h + 1) {
            return null;
        }
        Runnable task = tasks[i];
        tasks[i] = null;
        SEQ.setRelease(sequences, i, h + mask + 1);
        head = h + 1;
        return task;
    }

    /** Tasks offered but not yet polled (an estimate while producers race). */
    int pending() {
        return (int) (tail.get() - head);
    }
}
