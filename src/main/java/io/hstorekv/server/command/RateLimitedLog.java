package io.hstorekv.server.command;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Error logging that a flood cannot turn into a disk-filling loop: at most {@link #BURST} lines per
 * window, then one line saying how many were left out.
 */
final class RateLimitedLog {
    private static final int BURST = 20;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final Logger log;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    RateLimitedLog(Logger log) {
        this.log = log;
    }

    /** Logs at ERROR level (SLF4J formatting, a trailing throwable logged with its stack) unless over the limit. */
    void error(String format, Object... arguments) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start >= WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            long left = dropped.getAndSet(0);
            if (left > 0) {
                log.error("{} similar errors were not logged in the last minute", left);
            }
        }
        if (inWindow.incrementAndGet() <= BURST) {
            log.error(format, arguments);
        } else {
            dropped.incrementAndGet();
        }
    }
}
