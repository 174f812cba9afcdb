package io.hstorekv.store;

import io.hstorekv.HstoreKvException;
import io.hstorekv.NotANumberException;
import io.hstorekv.WrongTypeException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/** Turns the SQLSTATEs our statements raise (see {@code hstorekv.fail}) into the API's exceptions. */
final class SqlErrors {
    static final String DEADLOCK = "40P01";
    static final String CONCURRENT_CHANGE = "HK010";
    static final String KEY_EXISTS = "HK011";

    private SqlErrors() {}

    static String state(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    static RuntimeException translate(Exception error) {
        String state = state(error);
        if (state == null) {
            return error instanceof RuntimeException r ? r : new HstoreKvException(error.getMessage(), error);
        }
        String message = serverMessage(error);
        return switch (state) {
            case "HK001" -> new WrongTypeException();
            case "HK002", "HK003", "HK004" -> new NotANumberException(message);
            case "HK005" -> new IllegalArgumentException(message);
            default -> new HstoreKvException("database error (SQLSTATE " + state + "): " + message, error);
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
