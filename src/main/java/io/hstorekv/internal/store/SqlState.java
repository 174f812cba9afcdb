package io.hstorekv.internal.store;

import java.sql.SQLException;
import java.util.Set;

/**
 * Every SQLSTATE the store tells apart: our own {@code HK0xx} codes, raised by the statements
 * (through {@code fail}, see {@link #raise}) and by the migrations' functions, and the few of
 * PostgreSQL's it reacts to. {@link SqlErrors} maps them to failures.
 */
enum SqlState {
    /** The key holds another type than the operation works on. */
    WRONG_TYPE("HK001"),
    /** The stored value is not an integer (raised by {@code add_integer}). */
    NOT_AN_INTEGER("HK002"),
    /** The increment would overflow 64 bits (raised by {@code add_integer}). */
    OVERFLOW("HK003"),
    /** The stored value is not a float (raised by {@code add_float}). */
    NOT_A_FLOAT("HK004"),
    /** The caller's input is not acceptable: an IllegalArgumentException with the server's message. */
    INVALID_ARGUMENT("HK005"),
    /** A change that the statement cannot merge happened meanwhile; the statement may run again. */
    CONCURRENT_CHANGE("HK010"),
    /** A conditional batch met a live key and wrote nothing. */
    KEY_EXISTS("HK011"),
    /** PostgreSQL's: the statement deadlocked and was rolled back; it may run again. */
    DEADLOCK("40P01"),
    /** PostgreSQL's: a repeatable-read transaction met a row changed after its snapshot; it may run again. */
    SERIALIZATION_FAILURE("40001"),
    /** PostgreSQL's: a unique index refused a row. */
    UNIQUE_VIOLATION("23505");

    /** PostgreSQL's class of connection exceptions (refused, broken, not established). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** PostgreSQL's admin shutdown, crash shutdown and cannot-connect-now (starting up, shutting down). */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    /** PostgreSQL's class of syntax errors and access rule violations (an unknown column, say). */
    private static final String SYNTAX_ERROR_CLASS = "42";

    final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The state of the first SQLException in the cause chain, or null. */
    static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    boolean is(Throwable error) {
        return code.equals(of(error));
    }

    /** Whether the statement failed whole and may simply run again. */
    static boolean retryable(Throwable error) {
        return DEADLOCK.is(error) || CONCURRENT_CHANGE.is(error) || SERIALIZATION_FAILURE.is(error);
    }

    /**
     * Whether a failure is an answer about the data, as Redis gives inside EXEC (wrong type, not a
     * number, bad argument, a key that exists): the transaction goes on without that statement.
     * Any other failure is the database's, and fails the whole transaction.
     */
    static boolean answer(Throwable error) {
        SqlState known = byCode(of(error));
        return known != null && switch (known) {
            case WRONG_TYPE, NOT_AN_INTEGER, OVERFLOW, NOT_A_FLOAT, INVALID_ARGUMENT, KEY_EXISTS -> true;
            case CONCURRENT_CHANGE, DEADLOCK, SERIALIZATION_FAILURE, UNIQUE_VIOLATION -> false;
        };
    }

    /**
     * Whether a transaction failed because of a concurrent one (a deadlock, a serialization
     * failure, a change it cannot merge, a key inserted meanwhile), so that it may run again whole.
     */
    static boolean conflict(Throwable error) {
        return retryable(error) || UNIQUE_VIOLATION.is(error);
    }

    /**
     * Whether the failure says the database cannot be reached at all, rather than that a statement
     * failed: a refused or broken connection, a server shutting down or starting, or a pool that
     * timed out because it could not connect (HikariCP gives its timeout the last connection
     * failure's state).
     */
    static boolean connectionLost(Throwable error) {
        String state = of(error);
        return state != null && (state.startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GOING_AWAY.contains(state));
    }

    /** Whether what the statement says cannot be understood (in a user's SQL, say). */
    static boolean syntaxError(Throwable error) {
        String state = of(error);
        return state != null && state.startsWith(SYNTAX_ERROR_CLASS);
    }

    /**
     * SQL that raises this state with a message (a SQL text expression) where a value of the type
     * of {@code result} (a typed expression, often {@code NULL::text}) is expected.
     */
    String raise(String quotedSchema, String message, String result) {
        return quotedSchema + ".fail('" + code + "', " + message + ", " + result + ")";
    }

    /** The state with this code, or null when it is none of ours. */
    static SqlState byCode(String code) {
        if (code == null) {
            return null;
        }
        for (SqlState s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        return null;
    }
}
