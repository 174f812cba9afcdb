package io.hstorekv.internal.store;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/** Turns the SQLSTATEs our statements raise (see {@code hstorekv.fail}) into the API's exceptions. */
final class SqlErrors {
    private final Failure.Failures failures;

    static final String DEADLOCK = "40P01";
    static final String CONCURRENT_CHANGE = "HK010";
    static final String KEY_EXISTS = "HK011";

    SqlErrors(Failure.Failures failures) {
        this.failures = failures;
    }

    RuntimeException failure(Failure failure, String message, Throwable cause) {
        return failures.of(failure, message, cause);
    }

    static String state(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    RuntimeException translate(Exception error) {
        String state = state(error);
        if (state == null) {
            return error instanceof RuntimeException r ? r : failure(Failure.DATABASE, error.getMessage(), error);
        }
        String message = serverMessage(error);
        return switch (state) {
            case "HK001" -> failure(Failure.WRONG_TYPE, null, error);
            case "HK002", "HK003", "HK004" -> failure(Failure.NOT_A_NUMBER, message, error);
            case "HK005" -> new IllegalArgumentException(message);
            default -> failure(Failure.DATABASE, "database error (SQLSTATE " + state + "): " + message, error);
        };
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
