package io.hstorekv;

import io.hstorekv.internal.store.EntryStore;
import io.hstorekv.internal.store.StoredForm;
import java.nio.charset.StandardCharsets;

/**
 * A string value with its version, for {@link Namespace#compareAndSet}. Every write gives a key a
 * new version, unique in the database (a deleted and recreated key never reuses one).
 */
public record Versioned(byte[] bytes, long version) {
    /** The value as UTF-8 text. */
    public String value() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Versioned of(EntryStore.Versioned stored) {
        return stored == null ? null : new Versioned(StoredForm.decodeBytes(stored.value()), stored.version());
    }
}
