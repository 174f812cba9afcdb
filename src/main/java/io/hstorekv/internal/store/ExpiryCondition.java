package io.hstorekv.internal.store;

/** When a new expiry replaces a key's current one (Redis's EXPIRE options; PERSIST clears it). */
public enum ExpiryCondition {
    /** Whatever the key's expiry. */
    ALWAYS,
    /** Only when the key has none. */
    NX,
    /** Only when the key has one. */
    XX,
    /** Only when later than the current one (none counts as infinite). */
    GT,
    /** Only when earlier than the current one (none counts as infinite). */
    LT,
    /** Only when the key has one and the new one is earlier (Redis's XX and LT together). */
    XX_LT,
    /** Clears the expiry, when the key has one. */
    PERSIST
}
