package io.hstorekv;

/**
 * A counter operation met a stored value that is not a number, or would overflow. Nothing was
 * changed. The message is Redis's error text (without the {@code ERR} prefix).
 */
public class NotANumberException extends HstoreKvException {
    public NotANumberException(String message) {
        super(message);
    }
}
