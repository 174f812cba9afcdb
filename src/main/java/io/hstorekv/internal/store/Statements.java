package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Connections.Isolation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * The one way the store runs SQL: plain JDBC, named parameters through {@link NamedStatement},
 * connections from {@link Connections} (the thread's transaction, a pooled connection, or a
 * transaction of the store's own), failures translated by {@link SqlErrors}. The hot path binds
 * straight onto prepared statements: JDBI's statement machinery measured at half the throughput.
 */
final class Statements {
    /** Binds a statement's named values. */
    @FunctionalInterface
    interface Binding {
        NamedStatement.Binder bind(NamedStatement.Binder binder) throws SQLException;
    }

    /** Reads a query's result. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Statements on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws SQLException;
    }

    /** A statement without parameters. */
    static final Binding NO_VALUES = b -> b;

    /** How often a statement that deadlocked, or met a change it cannot merge, runs again. */
    private static final int ATTEMPTS = 5;

    private final Connections connections;

    Statements(Connections connections) {
        this.connections = connections;
    }

    /** Reads the first row with {@code row}; null when there is none. */
    static <T> Reader<T> firstRow(Reader<T> row) {
        return rs -> rs.next() ? row.read(rs) : null;
    }

    /**
     * Runs one statement inside the thread's transaction, or else on a pooled connection
     * (autocommit): with a reader, a query; without, an update returning its count. A statement of
     * its own that deadlocked or met a concurrent change it cannot merge
     * ({@link SqlState#CONCURRENT_CHANGE}) was rolled back whole, so it runs again.
     */
    <T> T run(NamedStatement statement, boolean asyncNamespace, Binding binding, Reader<T> reader) {
        Connection bound = connections.bound(asyncNamespace);
        for (int attempt = 1; ; attempt++) {
            try {
                if (bound != null) {
                    // Inside a transaction the transaction runs again (or fails) whole: no retry here.
                    return execute(bound, statement, binding, reader);
                }
                try (Connection c = connections.borrow()) {
                    return execute(c, statement, binding, reader);
                }
            } catch (SQLException e) {
                if (bound != null) {
                    connections.statementFailed(e);
                }
                if (bound != null || !SqlState.retryable(e) || attempt == ATTEMPTS) {
                    throw connections.errors().translate(e);
                }
            }
        }
    }

    /** Statements on one pooled connection in autocommit, whatever the thread's transaction. */
    <T> T onPooledConnection(Work<T> work) {
        try (Connection c = connections.borrow()) {
            return work.run(new Session(c));
        } catch (SQLException e) {
            throw connections.errors().translate(e);
        }
    }

    /** Statements in one transaction of their own (see {@link Connections#inOwnTransaction}). */
    <T> T inOwnTransaction(Isolation isolation, Work<T> work) {
        return inOwnTransaction(isolation, work, e -> null);
    }

    /**
     * The same, with failures the caller can say more about ({@code explain} returns its exception,
     * or null to leave the failure to {@link SqlErrors}).
     */
    <T> T inOwnTransaction(Isolation isolation, Work<T> work, Function<SQLException, RuntimeException> explain) {
        try {
            return connections.inOwnTransaction(isolation, c -> work.run(new Session(c)));
        } catch (SQLException e) {
            RuntimeException explained = explain.apply(e);
            throw explained != null ? explained : connections.errors().translate(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T execute(Connection c, NamedStatement statement, Binding binding, Reader<T> reader)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement.sql)) {
            binding.bind(statement.new Binder(ps));
            if (reader == null) {
                return (T) Integer.valueOf(ps.executeUpdate());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }
    }

    /** Statements on one connection (a transaction's, or a pooled one in autocommit). */
    static final class Session {
        private final Connection connection;

        private Session(Connection connection) {
            this.connection = connection;
        }

        /** A query with named parameters. */
        <T> T query(String sql, Binding binding, Reader<T> reader) throws SQLException {
            return query(NamedStatement.parse(sql), binding, reader);
        }

        /** A query parsed once, for statements that run often. */
        <T> T query(NamedStatement statement, Binding binding, Reader<T> reader) throws SQLException {
            return execute(connection, statement, binding, reader);
        }

        /** An update with named parameters; returns its row count. */
        int update(String sql, Binding binding) throws SQLException {
            return update(NamedStatement.parse(sql), binding);
        }

        /** An update parsed once, for statements that run often; returns its row count. */
        int update(NamedStatement statement, Binding binding) throws SQLException {
            return execute(connection, statement, binding, null);
        }

        /**
         * A query with no parameters at all, its values inlined as literals: for statements that
         * hold a user's names and SQL, where a {@code ?} operator or a {@code :} in a string must not
         * be taken for a parameter.
         */
        <T> T queryInlined(String sql, Reader<T> reader) throws SQLException {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return reader.read(rs);
            }
        }

        /**
         * A statement with no parameters at all (see {@link #queryInlined}) whose result is not read;
         * returns its row count (-1 for a query).
         */
        int updateInlined(String sql) throws SQLException {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
                return st.getUpdateCount();
            }
        }

        /** Undoes what the transaction did so far. */
        void rollback() throws SQLException {
            connection.rollback();
        }
    }
}
