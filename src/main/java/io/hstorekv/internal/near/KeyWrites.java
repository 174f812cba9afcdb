package io.hstorekv.internal.near;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs writes, then tells the near cache which keys they touched: even when the write failed, as
 * it may have committed before failing (a lost connection) and a dropped entry only costs a reload.
 * Each write counts as under way from before its statement to after its invalidations, for the
 * store ({@link NearCaches#writeStamp()}) and for each key (reads of it bypass the cache meanwhile).
 */
public final class KeyWrites {
    public static final KeyWrites UNCACHED = new KeyWrites(null);

    /** The namespace's near cache, or null when it has none. */
    private final NearCache near;

    public KeyWrites(NearCache near) {
        this.near = near;
    }

    public <T> T write(String key, Supplier<T> op) {
        return write(List.of(key), op);
    }

    public <T> T write(Collection<String> keys, Supplier<T> op) {
        if (near == null) {
            return op.get();
        }
        near.owner().writeStarted();
        keys.forEach(near::writeStarted);
        try {
            return op.get();
        } finally {
            keys.forEach(near::written);
            keys.forEach(near::writeEnded);
            near.owner().writeEnded();
        }
    }

    /** A write of every key of the namespace (a flush). */
    public void writeAll(Runnable op) {
        if (near == null) {
            op.run();
            return;
        }
        near.owner().writeStarted();
        try {
            op.run();
        } finally {
            near.writtenAll();
            near.owner().writeEnded();
        }
    }
}
