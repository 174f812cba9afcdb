package io.hstorekv;

import io.hstorekv.internal.store.NamespaceDurability;

/** How a namespace's writes survive a crash; chosen when the namespace is created. */
public enum Durability {
    /** Synchronous commit: a write that returned is on disk (the default). */
    DURABLE,
    /**
     * Commits with {@code synchronous_commit = off}: a crash can lose the writes of the last
     * moments (up to three times {@code wal_writer_delay}, 600 ms by default), never corrupt data;
     * like Redis's {@code appendfsync everysec}.
     */
    ASYNC,
    /** UNLOGGED storage: fastest writes, emptied after a crash (like Memcached). */
    VOLATILE;

    /** The store's name for this durability. */
    NamespaceDurability stored() {
        return switch (this) {
            case DURABLE -> NamespaceDurability.DURABLE;
            case ASYNC -> NamespaceDurability.ASYNC;
            case VOLATILE -> NamespaceDurability.VOLATILE;
        };
    }

    /** The API's name for a namespace's stored durability. */
    static Durability of(NamespaceDurability stored) {
        return switch (stored) {
            case DURABLE -> DURABLE;
            case ASYNC -> ASYNC;
            case VOLATILE -> VOLATILE;
        };
    }
}
