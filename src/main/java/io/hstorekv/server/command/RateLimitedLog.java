package io.hstorekv.server.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Failure logging that a broken database, failing every command, cannot turn into a flood: per kind
 * of failure (its exception classes, cause by cause) the first is logged with its stack trace, then
 * at most one line per {@link #WINDOW} saying how many more there were; the rest go to DEBUG.
 */
final class RateLimitedLog {
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_CAUSES = 8;

    /** What to write for one failure. */
    enum Verdict {
        /** The first of its kind: one line with the stack trace. */
        FIRST,
        /** The first of its kind in a window after the last line: one line, no stack trace. */
        AGAIN,
        /** Already told within the window: DEBUG only. */
        QUIET
    }

    /** A kind's last ERROR line and the failures since, not logged at ERROR. */
    private static final class Seen {
        Instant lastLine;
        long since;
    }

    private final Logger log;
    private final Clock clock;
    private final Map<String, Seen> kinds = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log) {
        this(log, Clock.systemUTC());
    }

    RateLimitedLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Logs a failure ({@code what} says of what, e.g. the command and the id the client was given). */
    void failure(String what, Throwable failure) {
        Decision decision = decide(kindOf(failure));
        switch (decision.verdict()) {
            case FIRST -> log.error("{}", what, failure);
            case AGAIN -> log.error("{}: {} ({} more of this kind since its last line)", what, failure.toString(), decision.more());
            case QUIET -> log.debug("{}: {}", what, failure.toString());
        }
    }

    /** What to write for one more failure, and how many of its kind were quiet since its last line. */
    record Decision(Verdict verdict, long more) {}

    /** Decides for one more failure of a kind and records it. */
    Decision decide(String kind) {
        Seen seen = kinds.computeIfAbsent(kind, k -> new Seen());
        Instant now = clock.instant();
        synchronized (seen) {
            if (seen.lastLine == null || !now.isBefore(seen.lastLine.plus(WINDOW))) {
                Decision decision = new Decision(seen.lastLine == null ? Verdict.FIRST : Verdict.AGAIN, seen.since);
                seen.lastLine = now;
                seen.since = 0;
                return decision;
            }
            seen.since++;
            return new Decision(Verdict.QUIET, seen.since);
        }
    }

    /** A failure's kind: the class names of it and its causes. */
    static String kindOf(Throwable failure) {
        List<String> names = new ArrayList<>();
        for (Throwable t = failure; t != null && names.size() < MAX_CAUSES; t = t.getCause()) {
            names.add(t.getClass().getName());
        }
        return String.join(" <- ", names);
    }
}
