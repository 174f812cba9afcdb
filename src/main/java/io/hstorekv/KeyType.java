package io.hstorekv;

import java.util.Locale;


/** What a key holds; {@link #NONE} for an absent (or expired) key. */
public enum KeyType {
    STRING, HASH, SET, NONE;

    static KeyType of(String stored) {
        return stored == null ? NONE : valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** Redis's name for it, as {@code TYPE} answers. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
