package io.hstorekv.imports;

/** What an import does with a key that is already live in the target namespace. */
public enum OnConflict {
    /** Stop before writing anything (checked up front): the default. */
    FAIL,
    /** Replace the existing entry with the imported one. */
    OVERWRITE,
    /** Keep the existing entry; the imported row is not written. */
    SKIP
}
