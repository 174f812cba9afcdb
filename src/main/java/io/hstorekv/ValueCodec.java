package io.hstorekv;

/**
 * Turns typed values into the bytes a namespace stores, and back: the one extension point through
 * which integrations (a Spring cache, a session repository) store objects. Implementations must be
 * thread-safe. A codec that produces UTF-8 text (JSON, for example) keeps the stored values
 * readable in SQL; any other bytes are stored in a marked binary form (see the README's data model).
 *
 * @param <T> the type of the values
 */
public interface ValueCodec<T> {
    /** The bytes to store for a value; never called with null. */
    byte[] encode(T value);

    /** The value that {@link #encode} turned into these bytes. */
    T decode(byte[] bytes);

    /** Bytes as they are. */
    static ValueCodec<byte[]> bytes() {
        return PassThrough.INSTANCE;
    }

    /** The pass-through codec (a nested enum so that it stays a singleton without public state). */
    enum PassThrough implements ValueCodec<byte[]> {
        INSTANCE;

        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    }
}
