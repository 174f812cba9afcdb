package io.hstorekv.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * Lossy, striped multi-producer / single-consumer ring buffers recording which entries were read.
 *
 * <p>A hit must stay cheap and lock-free, so it only publishes the node into its thread's stripe;
 * the policy replays the accesses later in a batch. When a stripe is full the access is simply
 * dropped: losing a few LRU/frequency updates costs little hit ratio, while blocking a reader
 * would cost latency. Stripes (chosen by thread id) keep readers from contending on one tail.
 */
final class ReadBuffer<E> {
    static final int SUCCESS = 0;
    static final int FAILED = 1; // lost a race with another producer; the access is dropped
    static final int FULL = 2; // the stripe needs draining
    static final int DROPPED = 3; // the stripe is full and the access dropped; draining can wait

    /** With throttling, a full stripe asks for a drain once per this many accesses it drops. */
    private static final int DROPS_PER_DRAIN = 256;

    private static final int SLOTS = 16; // per stripe; 16 references fill one 64-byte line
    private static final int PAD = 16; // longs between counters of neighbouring stripes (128 bytes)
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle REFS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final int stripeMask;
    private final Object[] slots; // stripe i owns [i * SLOTS, (i + 1) * SLOTS)
    private final long[] counters; // stripe i: written count at i*PAD, dropped count next to it, drained count at i*PAD + PAD/2

    ReadBuffer() {
        int stripes = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1;
        stripeMask = stripes - 1;
        slots = new Object[stripes * SLOTS];
        counters = new long[(stripes + 1) * PAD]; // leading pad: keep stripe 0 off the array header's line
    }

    /**
     * Publishes the element into the caller's stripe. {@code throttle}: when the stripe is full, ask
     * for a drain only once per {@link #DROPS_PER_DRAIN} dropped accesses (the others are DROPPED),
     * so that threads reading at memory speed record a sample of their reads rather than all of them.
     */
    int offer(E e, boolean throttle) {
        int stripe = stripeOf(Thread.currentThread());
        int writeAt = (stripe + 1) * PAD;
        long head = (long) LONGS.getAcquire(counters, writeAt + PAD / 2);
        long tail = (long) LONGS.getOpaque(counters, writeAt);
        if (tail - head >= SLOTS) {
            if (!throttle) {
                return FULL;
            }
            long drops = (long) LONGS.getOpaque(counters, writeAt + 1) + 1; // racy between producers: a count, not a lock
            LONGS.setOpaque(counters, writeAt + 1, drops);
            return drops % DROPS_PER_DRAIN == 0 ? FULL : DROPPED;
        }
        if (!LONGS.compareAndSet(counters, writeAt, tail, tail + 1)) {
            return FAILED;
        }
        REFS.setRelease(slots, stripe * SLOTS + (int) (tail & (SLOTS - 1)), e);
        return SUCCESS;
    }

    /** Hands every published element to the consumer; called by the single drainer under the eviction lock. */
    @SuppressWarnings("unchecked")
    void drainTo(Consumer<? super E> consumer) {
        for (int stripe = 0; stripe <= stripeMask; stripe++) {
            int writeAt = (stripe + 1) * PAD;
            long head = (long) LONGS.getOpaque(counters, writeAt + PAD / 2);
            long tail = (long) LONGS.getAcquire(counters, writeAt);
            for (; head != tail; head++) {
                int index = stripe * SLOTS + (int) (head & (SLOTS - 1));
                Object e = REFS.getAcquire(slots, index);
                if (e == null) {
                    break; // claimed but not yet published; pick it up next time
                }
                REFS.setOpaque(slots, index, null);
                consumer.accept((E) e);
            }
            LONGS.setRelease(counters, writeAt + PAD / 2, head);
        }
    }

    private int stripeOf(Thread thread) {
        long id = thread.getId();
        return (int) ((id * 0x9e3779b97f4a7c15L) >>> 40) & stripeMask;
    }
}
