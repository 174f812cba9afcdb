package io.hstorekv.imports;

import io.hstorekv.HstoreKvException;
import io.hstorekv.internal.store.TableCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs the comparisons of an import's key ranges on a thread (and so a connection) of its own, each
 * range as soon as its batch has committed, while the next batch copies: the verification reads
 * what was committed, and costs little time beyond the copy on a machine with a core to spare.
 */
final class RangeVerifier implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hstore-kv-import-verifier");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<TableCopy.Comparison>> ranges = new ArrayList<>();

    void verify(Supplier<TableCopy.Comparison> range) {
        ranges.add(thread.submit(range::get));
    }

    /** Every range's comparison added up, once all are done; a failed comparison's exception. */
    TableCopy.Comparison total() {
        TableCopy.Comparison total = TableCopy.Comparison.NONE;
        try {
            for (Future<TableCopy.Comparison> range : ranges) {
                total = total.plus(range.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HstoreKvException("interrupted while verifying the import", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new HstoreKvException("verification failed", e.getCause());
        }
        return total;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
