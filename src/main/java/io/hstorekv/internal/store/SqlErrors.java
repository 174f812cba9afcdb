package io.hstorekv.internal.store;

import org.postgresql.util.PSQLException;

/** Turns the SQLSTATEs our statements raise (see {@link SqlState}) into the API's exceptions. */
final class SqlErrors {
    private final Failure.Failures failures;
    private final Availability availability;

    SqlErrors(Failure.Failures failures, Availability availability) {
        this.failures = failures;
        this.availability = availability;
    }

    Availability availability() {
        return availability;
    }

    /** A conditional batch met a live key and wrote nothing ({@link SqlState#KEY_EXISTS}): an answer, not an error. */
    static final class KeyExists extends RuntimeException {
        KeyExists() {
            super(null, null, false, false);
        }
    }

    RuntimeException failure(Failure failure, String message, Throwable cause) {
        return failures.of(failure, message, cause);
    }

    RuntimeException translate(Exception error) {
        if (SqlState.connectionLost(error)) {
            availability.lost(error);
            return availability.unavailable(error);
        }
        String state = SqlState.of(error);
        if (state == null) {
            return error instanceof RuntimeException r ? r : failure(Failure.DATABASE, error.getMessage(), error);
        }
        String message = serverMessage(error);
        SqlState known = SqlState.byCode(state);
        if (known == null) {
            return databaseError(state, message, error);
        }
        return switch (known) {
            case WRONG_TYPE -> failure(Failure.WRONG_TYPE, null, error);
            case NOT_AN_INTEGER, OVERFLOW, NOT_A_FLOAT -> failure(Failure.NOT_A_NUMBER, message, error);
            case INVALID_ARGUMENT -> new IllegalArgumentException(message);
            case KEY_EXISTS -> new KeyExists();
            case CONCURRENT_CHANGE, DEADLOCK, SERIALIZATION_FAILURE, UNIQUE_VIOLATION -> databaseError(state, message, error);
        };
    }

    private RuntimeException databaseError(String state, String message, Exception error) {
        return failure(Failure.DATABASE, "database error (SQLSTATE " + state + "): " + message, error);
    }

    static String serverMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage().getMessage();
            }
        }
        return error.getMessage();
    }
}
