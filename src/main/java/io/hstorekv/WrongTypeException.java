package io.hstorekv;

/** The key holds another kind of value than the operation works on (Redis's WRONGTYPE). */
public class WrongTypeException extends HstoreKvException {
    public WrongTypeException() {
        super("WRONGTYPE Operation against a key holding the wrong kind of value");
    }
}
