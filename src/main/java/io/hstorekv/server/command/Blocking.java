package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** What the blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...) share: their timeout and their later reply. */
final class Blocking {
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Set<String> INFINITIES = Set.of("inf", "infinity");

    private Blocking() {}

    /**
     * The timeout argument in seconds, as Redis 7.0 parses it (a float; here rounded up to the
     * millisecond); null for 0, which waits as long as it takes. A value whose milliseconds do not
     * fit in 64 bits (infinities included) is "negative" there: the conversion wraps.
     */
    static Duration timeout(Args a, int i) {
        String text = a.string(i);
        String lower = text.toLowerCase(Locale.ROOT);
        if (INFINITIES.contains(lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower)) {
            throw RedisError.timeoutNegative();
        }
        BigDecimal seconds;
        try {
            if (text.isEmpty() || Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
                throw new NumberFormatException();
            }
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw RedisError.timeoutNotFloat();
        }
        BigDecimal millis = seconds.movePointRight(3).setScale(0, RoundingMode.CEILING);
        if (millis.signum() < 0 || millis.compareTo(MAX_MILLIS) > 0) {
            throw RedisError.timeoutNegative();
        }
        if (millis.longValueExact() > Long.MAX_VALUE - System.currentTimeMillis()) {
            throw RedisError.timeoutOutOfRange();
        }
        return millis.signum() == 0 ? null : Duration.ofMillis(millis.longValueExact());
    }

    /**
     * Answers the running command later, when {@code result} completes, with {@code write}; the
     * connection waits for it (see {@link Session#defer}) and cancels {@code result} if it goes.
     */
    static <T> void replyLater(Session c, CompletableFuture<T> result, BiConsumer<Reply, T> write) {
        ServerStats stats = c.server().stats();
        stats.blocked();
        result.whenComplete((r, failure) -> stats.unblocked());
        CompletableFuture<Consumer<Reply>> reply = result.thenApply(r -> out -> write.accept(out, r));
        reply.whenComplete((w, failure) -> {
            if (reply.isCancelled()) {
                result.cancel(false);
            }
        });
        c.defer(reply);
    }
}
