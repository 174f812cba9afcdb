package io.hstorekv.internal.store;

import io.hstorekv.util.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How values (string values, hash field values) are stored in text columns and hstore.
 *
 * <p>UTF-8 text without NUL is stored as it is, so it stays readable in SQL. Anything else (binary
 * data, NUL, invalid UTF-8) is stored as {@code chr(1) || base64(bytes)}; so that this is
 * unambiguous, text that itself starts with {@code \u0001} is stored the binary way too. In SQL,
 * {@code hstorekv.bytes(value)} decodes either form to {@code bytea}.
 */
public final class StoredForm {
    static final char BINARY_MARK = '\u0001';

    private StoredForm() {}

    /** The stored form of a Java string; fails for unpaired surrogates, which have no UTF-8 form. */
    public static String encode(String value) {
        if (!value.isEmpty() && value.charAt(0) == BINARY_MARK || value.indexOf('\0') >= 0) {
            return binary(utf8(value));
        }
        if (Utf8.length(value) < 0) {
            throw unpairedSurrogate();
        }
        return value;
    }

    /** The stored form of arbitrary bytes. */
    public static String encode(byte[] value) {
        if (value.length > 0 && value[0] == BINARY_MARK) {
            return binary(value);
        }
        for (byte b : value) {
            if (b == 0) {
                return binary(value);
            }
        }
        String text = Utf8.strict(value);
        return text != null ? text : binary(value);
    }

    public static byte[] decodeBytes(String stored) {
        if (isBinary(stored)) {
            return Base64.getDecoder().decode(stored.substring(1));
        }
        return stored.getBytes(StandardCharsets.UTF_8);
    }

    public static String decodeString(String stored) {
        return isBinary(stored) ? new String(decodeBytes(stored), StandardCharsets.UTF_8) : stored;
    }

    /** Byte length of the value a stored form stands for, without decoding plain text. */
    public static long byteLength(String stored) {
        return isBinary(stored) ? decodeBytes(stored).length : Utf8.length(stored);
    }

    /**
     * Whether a stored form is one that {@link #encode(byte[])} gives: text that does not start with
     * {@code \u0001}, or the mark and the base64 of bytes that are not such text. Keys, fields and
     * members must be in this form, so that each has exactly one spelling.
     */
    public static boolean isCanonical(String stored) {
        if (!isBinary(stored)) {
            return true;
        }
        try {
            return encode(decodeBytes(stored)).equals(stored);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Whether a stored form stands for bytes that are not plain text (it starts with the mark). */
    public static boolean isBinary(String stored) {
        return !stored.isEmpty() && stored.charAt(0) == BINARY_MARK;
    }

    private static byte[] utf8(String value) {
        if (Utf8.length(value) < 0) {
            throw unpairedSurrogate();
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException unpairedSurrogate() {
        return new IllegalArgumentException("value has an unpaired UTF-16 surrogate: it has no UTF-8 form");
    }

    private static String binary(byte[] value) {
        return BINARY_MARK + Base64.getEncoder().encodeToString(value);
    }
}
