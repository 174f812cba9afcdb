package io.hstorekv;

import io.hstorekv.internal.store.ExpiryCondition;

/** Redis's EXPIRE options; a key without a TTL counts as having an infinite one for GT and LT. */
public enum ExpireCondition {
    /** Always set the expiry. */
    ALWAYS,
    /** Only if the key has no expiry. */
    NX,
    /** Only if the key has an expiry. */
    XX,
    /** Only if the new expiry is later than the current one. */
    GT,
    /** Only if the new expiry is earlier than the current one. */
    LT,
    /**
     * Only if the key has an expiry and the new one is earlier (Redis's {@code XX LT}; the other
     * combinations Redis accepts need no constant: {@code XX GT} is {@link #GT}).
     */
    XX_LT;

    /** The store's name for this condition. */
    ExpiryCondition stored() {
        return switch (this) {
            case ALWAYS -> ExpiryCondition.ALWAYS;
            case NX -> ExpiryCondition.NX;
            case XX -> ExpiryCondition.XX;
            case GT -> ExpiryCondition.GT;
            case LT -> ExpiryCondition.LT;
            case XX_LT -> ExpiryCondition.XX_LT;
        };
    }
}
