package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.store.StoredForm;

/**
 * Keys, hash fields and set members that are any bytes, as Redis clients send them (a JDK-serialized
 * key, invalid UTF-8, NUL). The facade takes names as strings; this gives the string that stands for
 * given bytes, and back:
 *
 * <ul>
 *   <li>bytes that are UTF-8 text without NUL, not starting with byte 1, are that text, so text keys
 *       stay readable in SQL and need nothing from this class;</li>
 *   <li>any other bytes are {@code "\u0001" + base64(bytes)}, which is also what SQL shows for them
 *       ({@code hstorekv.bytes(key)} decodes either form to {@code bytea}).</li>
 * </ul>
 *
 * A name starting with {@code \u0001} must be exactly what {@link #of} gives, else the facade rejects
 * it with an {@link IllegalArgumentException}: each byte string has one name. The key limit counts
 * the name's UTF-8 bytes, so a binary key may have about three quarters of it.
 */
public final class BinaryKeys {
    private BinaryKeys() {}

    /** The name that stands for these bytes. */
    public static String of(byte[] bytes) {
        return StoredForm.encode(Limits.required(bytes, "bytes"));
    }

    /** The bytes a name stands for (a text name's UTF-8 bytes). */
    public static byte[] bytes(String name) {
        return StoredForm.decodeBytes(Limits.required(name, "name"));
    }

    /** Whether the name stands for bytes that are not plain text (it is in the base64 form). */
    public static boolean isBinary(String name) {
        return StoredForm.isBinary(Limits.required(name, "name"));
    }
}
