package io.hstorekv.internal.store;

/**
 * What a failed store operation means to its caller. The store names the kind; the API layer,
 * through the {@link Failures} it opens the {@link Database} with, turns each into its own
 * exception type, so the store never depends on the API.
 */
public enum Failure {
    /** The key holds another type than the operation works on. */
    WRONG_TYPE,
    /** The value is not a number, or the arithmetic would overflow. */
    NOT_A_NUMBER,
    /** The database cannot be reached (see {@link Availability}): nothing was done, try again later. */
    UNAVAILABLE,
    /** Anything else the database reported. */
    DATABASE;

    /** Builds the caller-facing exception for a failure kind. */
    @FunctionalInterface
    public interface Failures {
        RuntimeException of(Failure failure, String message, Throwable cause);
    }
}
