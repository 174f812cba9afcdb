package io.hstorekv;

/**
 * A failure of the store itself (database unreachable, schema missing, an unexpected SQL error);
 * the driver's, pool's or migration library's exception, if any, is the cause.
 */
public class HstoreKvException extends RuntimeException {
    public HstoreKvException(String message) {
        super(message);
    }

    public HstoreKvException(String message, Throwable cause) {
        super(message, cause);
    }
}
