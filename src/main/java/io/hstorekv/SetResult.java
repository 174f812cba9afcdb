package io.hstorekv;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link Namespace#set(String, byte[], SetOptions) set with options} did.
 *
 * @param written       whether the value was stored (false when an only-if condition failed)
 * @param previousBytes the previous value, when {@link SetOptions#returnPrevious()} asked for it
 *                      and the key held one; else null
 */
public record SetResult(boolean written, byte[] previousBytes) {
    public String previous() {
        return previousBytes == null ? null : new String(previousBytes, StandardCharsets.UTF_8);
    }
}
