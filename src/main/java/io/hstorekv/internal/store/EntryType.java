package io.hstorekv.internal.store;

import java.util.Locale;

/** What an entry holds, as the {@code type} column stores it. */
public enum EntryType {
    STRING,
    HASH,
    SET;

    /** The {@code type} column's text. */
    final String stored = name().toLowerCase(Locale.ROOT);

    /** The type a {@code type} column holds; null for null (no such key). */
    static EntryType of(String stored) {
        return stored == null ? null : valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** Whether the {@code type} column's text names this type. */
    boolean is(String stored) {
        return this.stored.equals(stored);
    }
}
