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
        /** Whether a statement of a non-ASYNC namespace ran: then the commit must wait for the disk. */
        boolean needsSynchronousCommit;

        Transaction(Connection connection) {
            this.connection = connection;
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
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // A statement that fails (WRONGTYPE, say) must not doom the rest, as in a Redis EXEC:
            // pgjdbc's autosave wraps each statement in a savepoint, in the same round trip.
            PGConnection pg = c.unwrap(PGConnection.class);
            AutoSave autosave = pg.getAutosave();
            pg.setAutosave(AutoSave.ALWAYS);
            Transaction tx = new Transaction(c);
            current.set(tx);
            try {
                T result = work.get();
                if (tx.needsSynchronousCommit) {
                    // An ASYNC statement turned synchronous commit off for the whole transaction;
                    // a DURABLE write in it must not lose its guarantee.
                    try (Statement st = c.createStatement()) {
                        st.execute("SET LOCAL synchronous_commit TO DEFAULT");
                    }
                }
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                current.remove();
                pg.setAutosave(autosave);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw errors.translate(e);
        }
    }
}
