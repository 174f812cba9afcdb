package io.hstorekv.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
public final class ValueCodec {
    static final char BINARY_MARK = '\u0001';

    private ValueCodec() {}

    /** The stored form of a Java string; fails for unpaired surrogates, which have no UTF-8 form. */
    public static String encode(String value) {
        if (!value.isEmpty() && value.charAt(0) == BINARY_MARK || value.indexOf('\0') >= 0) {
            return binary(utf8(value));
        }
        if (utf8Length(value) < 0) {
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
        String text = strictUtf8(value);
        return text != null ? text : binary(value);
    }

    /** The bytes as text if they are valid UTF-8, else null. */
    public static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
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
        return isBinary(stored) ? decodeBytes(stored).length : utf8Length(stored);
    }

    /** UTF-8 length of a string; -1 when it has an unpaired surrogate (no UTF-8 form). */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                n += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static boolean isBinary(String stored) {
        return !stored.isEmpty() && stored.charAt(0) == BINARY_MARK;
    }

    private static byte[] utf8(String value) {
        if (utf8Length(value) < 0) {
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

    /** Byte-wise UTF-8 order, which is PostgreSQL's "C" collation on our key column. */
    public static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            if (ca > 0xFFFF) {
                i++;
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
