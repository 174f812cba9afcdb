package io.hstorekv.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for a future as if its work had run on the calling thread. */
public final class Futures {
    private Futures() {}

    /**
     * The future's value; its failure as it was thrown (a runtime exception or an error), not
     * wrapped in a {@link CompletionException}.
     */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
