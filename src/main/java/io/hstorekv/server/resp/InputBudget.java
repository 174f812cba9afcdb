package io.hstorekv.server.resp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that all connections' decoders hold for commands not yet complete, against one limit:
 * a client cannot make the server buffer more than that, however many connections it opens.
 */
public final class InputBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    /** @param limit the most bytes held for incomplete commands, on all connections together */
    public InputBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the input budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Bytes held for incomplete commands now. */
    public long held() {
        return held.get();
    }

    /**
     * Changes what one connection holds from {@code before} to {@code after} bytes; false, and nothing
     * changed, when growing to {@code after} would pass the limit.
     */
    boolean move(long before, long after) {
        long delta = after - before;
        long total = held.addAndGet(delta);
        if (delta > 0 && total > limit) {
            held.addAndGet(-delta);
            return false;
        }
        return true;
    }
}
