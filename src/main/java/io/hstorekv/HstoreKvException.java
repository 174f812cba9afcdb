package io.hstorekv;

/** A failure of the store itself (database unreachable, an unexpected SQL error). */
public class HstoreKvException extends RuntimeException {
    public HstoreKvException(String message) {
        super(message);
    }

    public HstoreKvException(String message, Throwable cause) {
        super(message, cause);
    }
}
