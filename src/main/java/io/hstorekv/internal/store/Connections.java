package io.hstorekv.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import javax.sql.DataSource;

/**
 * Where statements get their connection: a pooled one per statement (autocommit), or, inside
 * {@link #inTransaction}, the one connection bound to the calling thread until commit.
 */
public final class Connections {
    private final DataSource dataSource;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    private final SqlErrors errors;

    Connections(DataSource dataSource, SqlErrors errors) {
        this.dataSource = dataSource;
        this.errors = errors;
    }

    private static final class Transaction {
        final Connection connection;
        final PGConnection pg;
        final AutoSave autosave;
        /** Whether a statement of a non-ASYNC namespace ran: then the commit must wait for the disk. */
        boolean needsSynchronousCommit;

        Transaction(Connection connection) throws SQLException {
            this.connection = connection;
            this.pg = connection.unwrap(PGConnection.class);
            this.autosave = pg.getAutosave();
        }
    }

    /** The connection bound to this thread's transaction, or null; notes the namespace's durability. */
    Connection bound(boolean asyncNamespace) {
        Transaction tx = current.get();
        if (tx == null) {
            return null;
        }
        tx.needsSynchronousCommit |= !asyncNamespace;
        return tx.connection;
    }

    /** Whether this thread is inside {@link #inTransaction}. */
    boolean transactionActive() {
        return current.get() != null;
    }

    SqlErrors errors() {
        return errors;
    }

    DataSource pool() {
        return dataSource;
    }

    /**
     * Runs the work as one PostgreSQL transaction: every store operation on this thread uses it, and
     * an exception rolls all of it back. Nested calls join the outer transaction.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        Transaction tx = begin();
        current.set(tx);
        T result;
        try {
            result = work.get();
            commit(tx);
        } catch (SQLException e) {
            throw abandon(tx, errors.translate(e));
        } catch (RuntimeException e) {
            throw abandon(tx, e);
        } catch (Error e) {
            throw abandon(tx, e);
        }
        current.remove();
        try {
            release(tx);
        } catch (SQLException e) {
            throw errors.translate(e);
        }
        return result;
    }

    private Transaction begin() {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw errors.translate(e);
        }
        try {
            Transaction tx = new Transaction(c);
            c.setAutoCommit(false);
            // A statement that fails (WRONGTYPE, say) must not doom the rest, as in a Redis EXEC:
            // pgjdbc's autosave wraps each statement in a savepoint, in the same round trip.
            tx.pg.setAutosave(AutoSave.ALWAYS);
            return tx;
        } catch (SQLException e) {
            throw discard(c, errors.translate(e));
        }
    }

    private static void commit(Transaction tx) throws SQLException {
        if (tx.needsSynchronousCommit) {
            // An ASYNC statement turned synchronous commit off for the whole transaction;
            // a DURABLE write in it must not lose its guarantee.
            try (Statement st = tx.connection.createStatement()) {
                st.execute("SET LOCAL synchronous_commit TO DEFAULT");
            }
        }
        tx.connection.commit();
    }

    /** Gives the connection back to the pool as it came: autocommit on again (which commits nothing now). */
    private static void release(Transaction tx) throws SQLException {
        try (Connection c = tx.connection) {
            tx.pg.setAutosave(tx.autosave);
            c.setAutoCommit(true);
        }
    }

    /**
     * Ends a transaction that failed: rolled back and released; or, when the rollback fails too
     * (attached to the failure), discarded. Turning autocommit back on would commit what the
     * transaction had done, as JDBC commits on that switch.
     */
    private <E extends Throwable> E abandon(Transaction tx, E failure) {
        current.remove();
        try {
            tx.connection.rollback();
        } catch (SQLException | RuntimeException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
            return discard(tx.connection, failure);
        }
        try {
            release(tx);
        } catch (SQLException | RuntimeException releaseFailed) {
            failure.addSuppressed(releaseFailed);
        }
        return failure;
    }

    /** Closes a connection for good (a pool evicts an aborted connection rather than reuse it). */
    private static <E extends Throwable> E discard(Connection c, E failure) {
        try (c) {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException closeFailed) {
            failure.addSuppressed(closeFailed);
        }
        return failure;
    }
}
