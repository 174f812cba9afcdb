package io.hstorekv.internal.store;

/** What a bulk write (an import, a restore) does with a key that is live in the namespace already. */
public enum ConflictMode {
    /** Abort the statement, writing nothing (an IllegalArgumentException naming the key). */
    FAIL,
    /** Replace the existing entry. */
    OVERWRITE,
    /** Keep the existing entry. */
    SKIP
}
