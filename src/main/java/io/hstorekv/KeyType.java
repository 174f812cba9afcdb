package io.hstorekv;

import io.hstorekv.internal.store.EntryType;
import java.util.Locale;

/** What a key holds; {@link #NONE} for an absent (or expired) key. */
public enum KeyType {
    STRING, HASH, SET, LIST, ZSET, NONE;

    /** The API's name for a stored entry's type; {@link #NONE} for null (no such key). */
    static KeyType of(EntryType stored) {
        if (stored == null) {
            return NONE;
        }
        return switch (stored) {
            case STRING -> STRING;
            case HASH -> HASH;
            case SET -> SET;
            case LIST -> LIST;
            case ZSET -> ZSET;
        };
    }

    /** The store's name for this type; null for {@link #NONE}. */
    EntryType stored() {
        return switch (this) {
            case STRING -> EntryType.STRING;
            case HASH -> EntryType.HASH;
            case SET -> EntryType.SET;
            case LIST -> EntryType.LIST;
            case ZSET -> EntryType.ZSET;
            case NONE -> null;
        };
    }

    /** Redis's name for it, as {@code TYPE} answers. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
