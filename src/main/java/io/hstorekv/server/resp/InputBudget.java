package io.hstorekv.server.resp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that all connections hold for commands not yet run (still incomplete in a decoder, or
 * complete and waiting in a connection's queue), against one limit: a client cannot make the server
 * buffer more than that, however many connections it opens. Only incomplete input is refused; a
 * complete command is {@linkplain #take taken} whatever the total (its bytes were mostly held, and
 * counted, while incomplete), and a connection stops being read while its own queue is long.
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

    /** Bytes held for commands not yet run now. */
    public long held() {
        return held.get();
    }

    /** Counts a complete command waiting to run; {@link #release} it when it is taken off the queue. */
    public void take(long bytes) {
        held.addAndGet(bytes);
    }

    /** Stops counting what {@link #take} counted. */
    public void release(long bytes) {
        held.addAndGet(-bytes);
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
