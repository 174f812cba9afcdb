package io.hstorekv.server.resp;

import io.hstorekv.BinaryKeys;

/**
 * Writes one reply in the client's protocol. RESP3 types degrade to their RESP2 forms on a RESP2
 * connection (map to a flat array, set to an array, double to a bulk string, boolean to 1/0,
 * null to a null bulk or null array).
 */
public interface Reply {
    /** {@code +OK}. */
    void ok();

    /** A simple string ({@code +text}). */
    void simple(String text);

    /** An error; the message carries its code, as Redis's do: "ERR ...", "WRONGTYPE ...". */
    void error(String message);

    void integer(long value);

    /** A bulk string; null writes the null reply. */
    void bulk(byte[] value);

    /** A bulk string of UTF-8 text; null writes the null reply. */
    void bulk(String value);

    /** A key, field or member given by its facade name: a bulk string of the bytes it stands for ({@link BinaryKeys}). */
    default void name(String name) {
        bulk(name == null ? null : BinaryKeys.bytes(name));
    }

    /** The null reply (RESP2 {@code $-1}, RESP3 {@code _}). */
    void nil();

    /** The null array (RESP2 {@code *-1}, RESP3 {@code _}), e.g. an aborted EXEC. */
    void nilArray();

    /** An array header; exactly {@code count} replies must follow. */
    void array(int count);

    /** A map header (RESP2: an array of 2 x pairs); key and value replies follow, alternating. */
    void map(int pairs);

    /** A set header (RESP2: an array). */
    void set(int count);

    /** A double, given as Redis prints it (RESP2: a bulk string). */
    void doubleValue(String text);

    /** A boolean (RESP2: integer 1 or 0). */
    void bool(boolean value);

    /** Text for people (INFO, CLIENT LIST): RESP3's verbatim string where the writer has one, else a bulk string. */
    default void verbatim(String text) {
        bulk(text);
    }
}
