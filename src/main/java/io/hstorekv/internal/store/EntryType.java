package io.hstorekv.internal.store;

import java.util.Locale;

/** What an entry holds, as the {@code type} column stores it. */
public enum EntryType {
    STRING,
    HASH,
    SET,
    LIST,
    ZSET;

    /** The {@code type} column's text. */
    final String stored = name().toLowerCase(Locale.ROOT);

    /** The type a {@code type} column holds; null for null (no such key). */
    static EntryType of(String stored) {
        if (stored == null) {
            return null;
        }
        return switch (stored) {
            case "string" -> STRING;
            case "hash" -> HASH;
            case "set" -> SET;
            case "list" -> LIST;
            case "zset" -> ZSET;
            default -> throw new IllegalStateException("unknown entry type in the database: " + stored);
        };
    }

    /** Whether the {@code type} column's text names this type. */
    boolean is(String stored) {
        return this.stored.equals(stored);
    }
}
