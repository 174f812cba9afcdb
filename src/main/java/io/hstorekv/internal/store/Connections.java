package io.hstorekv.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;

/**
 * Where statements get their connection: a pooled one per statement (autocommit), or, inside
 * {@link #inTransaction}, the one connection bound to the calling thread until commit. Every
 * transaction the store opens starts and ends here.
 */
public final class Connections {
    /** The isolation of a transaction the store opens for itself. */
    enum Isolation {
        /** The connection's own (PostgreSQL's default: read committed). */
        DEFAULT,
        /** One snapshot for every statement of the transaction. */
        REPEATABLE_READ
    }

    /** Work on a transaction's connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How often a transaction that lost to a concurrent one runs again, whole, before its failure is thrown. */
    private static final int TRANSACTION_ATTEMPTS = 10;
    private static final int[] NO_LOCKS = new int[0];

    private final DataSource dataSource;
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    private final SqlErrors errors;
    /** How many of the pool's timeouts a caller waits through while the pool is busy (not failing to connect). */
    private final int poolWaits;

    Connections(DataSource dataSource, SqlErrors errors, int poolWaits) {
        this.dataSource = dataSource;
        this.errors = errors;
        this.poolWaits = poolWaits;
    }

    private static final class Transaction {
        final Connection connection;
        final PGConnection pg;
        final AutoSave autosave;
        /** The advisory locks held for the transaction (see {@link KeyLocks}), released with the connection. */
        final int[] lockIds;
        /** The statement failure that lost the transaction, or null: it will roll back, whatever the work does. */
        SQLException failedBy;
        /** The isolation to set back on release, or -1 when the transaction kept the connection's. */
        int previousIsolation = -1;
        /** Whether a statement of a non-ASYNC namespace ran: then the commit must wait for the disk. */
        boolean needsSynchronousCommit;

        Transaction(Connection connection, int[] lockIds) throws SQLException {
            this.connection = connection;
            this.lockIds = lockIds;
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
    public boolean transactionActive() {
        return current.get() != null;
    }

    /**
     * Whether this thread's transaction must lock the rows it reads to act on them: one of
     * {@link #inTransaction}. One of {@link #inLockedTransaction} need not (its advisory locks queue
     * its peers, and its snapshot fails a write of a row changed since), and so stays read-only
     * when it writes nothing: no WAL to flush at commit.
     */
    boolean rowLocksNeeded() {
        Transaction tx = current.get();
        return tx != null && tx.lockIds == NO_LOCKS;
    }

    SqlErrors errors() {
        return errors;
    }

    DataSource pool() {
        return dataSource;
    }

    /**
     * A pooled connection; fails at once while the database is known to be down. A pool with a
     * short timeout is waited on again while it is merely busy, so that a wait that ends because
     * the pool cannot connect (the timeout then carries a connection failure's state) is seen
     * within one timeout, and one that began before the database went down ends soon after.
     */
    Connection borrow() throws SQLException {
        for (int wait = 1; ; wait++) {
            errors.availability().check();
            try {
                return dataSource.getConnection();
            } catch (SQLTransientConnectionException e) {
                if (wait >= poolWaits || SqlState.connectionLost(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs the work as one PostgreSQL transaction (read committed): every store operation on this
     * thread uses it, and an exception rolls all of it back. A statement that fails for a reason of
     * the database rather than of the data (a deadlock, say) fails the whole transaction even if the
     * work catches it; when the reason is a concurrent transaction the work runs again, whole, up to
     * {@link #TRANSACTION_ATTEMPTS} times. Nested calls join the outer transaction.
     */
    public <T> T inTransaction(Supplier<T> work) {
        return retried(Isolation.DEFAULT, NO_LOCKS, work);
    }

    /**
     * The same at repeatable read (one snapshot for every statement), after taking the advisory
     * locks {@code lockIds} ({@link KeyLocks#ids}, ascending) and holding them until it ended:
     * transactions that share a lock run one after another, and the snapshot is taken after the
     * locks, so it sees what the previous holder committed.
     */
    public <T> T inLockedTransaction(int[] lockIds, Supplier<T> work) {
        return retried(Isolation.REPEATABLE_READ, lockIds, work);
    }

    private <T> T retried(Isolation isolation, int[] lockIds, Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(isolation, lockIds, true, c -> work.get());
            } catch (SQLException e) {
                if (!SqlState.conflict(e) || attempt == TRANSACTION_ATTEMPTS) {
                    throw errors.translate(e);
                }
            }
        }
    }

    /** A statement of this thread's transaction failed: unless it is an answer about the data, the transaction is lost. */
    void statementFailed(SQLException failure) {
        Transaction tx = current.get();
        if (tx != null && tx.failedBy == null && !SqlState.answer(failure)) {
            tx.failedBy = failure;
        }
    }

    /**
     * Runs the work in a transaction of its own on a pooled connection, apart from any transaction
     * of the calling thread (a bulk job, say, that commits on its own).
     */
    <T> T inOwnTransaction(Isolation isolation, Work<T> work) throws SQLException {
        return transaction(isolation, NO_LOCKS, false, work);
    }

    private <T> T transaction(Isolation isolation, int[] lockIds, boolean bindToThread, Work<T> work)
            throws SQLException {
        Transaction tx = begin(isolation, lockIds, bindToThread);
        T result;
        try {
            result = work.run(tx.connection);
            if (tx.failedBy != null) {
                throw tx.failedBy;
            }
            commit(tx);
        } catch (SQLException e) {
            throw abandon(tx, e);
        } catch (RuntimeException e) {
            // the work's own failure, unless a statement had already lost the transaction (then that one counts)
            if (tx.failedBy != null) {
                throw abandon(tx, tx.failedBy);
            }
            throw abandon(tx, e);
        } catch (Error e) {
            throw abandon(tx, e);
        }
        current.remove();
        release(tx);
        return result;
    }

    private Transaction begin(Isolation isolation, int[] lockIds, boolean bindToThread) throws SQLException {
        Connection c = borrow();
        try {
            KeyLocks.lock(c, lockIds); // in autocommit, before the transaction (and its snapshot) begins
            Transaction tx = new Transaction(c, lockIds);
            c.setAutoCommit(false);
            if (isolation == Isolation.REPEATABLE_READ) {
                if (bindToThread) {
                    // for this transaction only, and sent with its BEGIN: no round trips to set and reset a session default
                    try (Statement st = c.createStatement()) {
                        st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    }
                } else {
                    tx.previousIsolation = c.getTransactionIsolation();
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
            }
            if (bindToThread) {
                // A statement that fails (WRONGTYPE, say) must not doom the rest, as in a Redis EXEC:
                // pgjdbc's autosave wraps each statement in a savepoint, in the same round trip.
                tx.pg.setAutosave(AutoSave.ALWAYS);
                current.set(tx);
            }
            return tx;
        } catch (SQLException e) {
            throw discard(c, e);
        } catch (RuntimeException e) {
            throw discard(c, e);
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
        Connection c = tx.connection;
        try {
            tx.pg.setAutosave(tx.autosave);
            if (tx.previousIsolation != -1) {
                c.setTransactionIsolation(tx.previousIsolation);
            }
            c.setAutoCommit(true);
            KeyLocks.unlock(c, tx.lockIds);
        } catch (SQLException e) {
            throw discard(c, e); // it may still hold locks: closed, never back to the pool
        } catch (RuntimeException e) {
            throw discard(c, e);
        }
        c.close();
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
