package io.hstorekv.internal.near;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs writes, then tells the near cache which keys they touched: even when the write failed, as
 * it may have committed before failing (a lost connection) and a dropped entry only costs a reload.
 */
public final class KeyWrites {
    public static final KeyWrites UNCACHED = new KeyWrites(key -> { });

    private final Consumer<String> written;

    public KeyWrites(Consumer<String> written) {
        this.written = written;
    }

    public <T> T write(String key, Supplier<T> op) {
        return write(List.of(key), op);
    }

    public <T> T write(Collection<String> keys, Supplier<T> op) {
        try {
            return op.get();
        } finally {
            keys.forEach(written);
        }
    }
}
