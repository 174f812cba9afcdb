package io.hstorekv;

/**
 * The database cannot be reached (refused or broken connection, server shutting down or starting,
 * the pool unable to connect): the operation did nothing, or, if the connection broke under a
 * write, its outcome is unknown. Once one operation has seen this, the others fail at once with
 * it, without waiting for a connection, until the store's background probe reaches the database
 * again; then operations work again by themselves. See {@link HstoreKv#databaseAvailable()}.
 */
public class DatabaseUnavailableException extends HstoreKvException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
