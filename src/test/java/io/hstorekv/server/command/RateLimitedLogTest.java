package io.hstorekv.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.server.command.RateLimitedLog.Decision;
import io.hstorekv.server.command.RateLimitedLog.Verdict;
import io.hstorekv.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Per kind of failure: the first with its stack, then one line per window with the count in between. */
class RateLimitedLogTest {
    private final MutableClock clock = new MutableClock();
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), clock);

    @Test
    void firstWithStackThenOneLinePerWindow() {
        assertThat(log.decide("db")).isEqualTo(new Decision(Verdict.FIRST, 0));
        assertThat(log.decide("db")).isEqualTo(new Decision(Verdict.QUIET, 1));
        assertThat(log.decide("db")).isEqualTo(new Decision(Verdict.QUIET, 2));
        clock.advance(RateLimitedLog.WINDOW.minusMillis(1));
        assertThat(log.decide("db")).isEqualTo(new Decision(Verdict.QUIET, 3));
        clock.advance(Duration.ofMillis(1));
        assertThat(log.decide("db")).isEqualTo(new Decision(Verdict.AGAIN, 3));
        assertThat(log.decide("db")).isEqualTo(new Decision(Verdict.QUIET, 1));
    }

    @Test
    void eachKindHasItsOwnFirstLine() {
        assertThat(log.decide("a").verdict()).isEqualTo(Verdict.FIRST);
        assertThat(log.decide("b").verdict()).isEqualTo(Verdict.FIRST);
        assertThat(log.decide("a").verdict()).isEqualTo(Verdict.QUIET);
    }

    @Test
    void aKindIsTheExceptionClassesCauseByCause() {
        RuntimeException failure = new IllegalStateException("pool (total=0, active=0)", new UncheckedIOException(new IOException("x")));
        assertThat(RateLimitedLog.kindOf(failure)).isEqualTo(
                "java.lang.IllegalStateException <- java.io.UncheckedIOException <- java.io.IOException");
        assertThat(RateLimitedLog.kindOf(new IllegalStateException("another message")))
                .isEqualTo("java.lang.IllegalStateException");
    }
}
