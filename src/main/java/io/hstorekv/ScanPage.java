package io.hstorekv;

import java.util.List;

/**
 * One page of a {@link Namespace#scan scan}: the matching keys and the cursor to pass next.
 * A key present for the whole scan is returned exactly once; a page may hold fewer keys than asked
 * (even none) while the scan goes on, as with Redis's SCAN.
 *
 * @param keys   matching keys of this page, in key order
 * @param cursor where the next page starts; {@link #isLast()} when the scan is complete
 */
public record ScanPage(List<String> keys, String cursor) {
    /** The cursor that starts a scan, and that a finished scan returns. */
    public static final String START = "";

    public boolean isLast() {
        return cursor.equals(START);
    }
}
