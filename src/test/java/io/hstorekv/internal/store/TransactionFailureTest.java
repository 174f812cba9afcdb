package io.hstorekv.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hstorekv.testing.StoreFixture;
import io.hstorekv.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction whose end fails must commit nothing and report the work's own error: JDBC commits
 * a transaction when autocommit is turned back on, so a connection whose transaction did not end
 * cleanly must never get it back.
 */
class TransactionFailureTest {
    /** The statement the commit path runs when a durable namespace wrote inside the transaction. */
    private static final String SYNCHRONOUS_COMMIT = "synchronous_commit TO DEFAULT";

    static Database database;
    static EntryStore store;
    static volatile boolean failSynchronousCommit;

    @BeforeAll
    static void open() {
        database = Database.open(failingOnDemand(TestDatabase.dataSource()),
                (failure, message, cause) -> new IllegalStateException(failure + ": " + message, cause),
                StoreFixture.uniqueName("txfail"), "hstorekv_schema_history", "public", true);
        String ns = StoreFixture.uniqueName("n");
        database.createNamespace(ns, NamespaceDurability.DURABLE);
        store = database.entries(ns, false, false);
    }

    @Test
    void aFailingCommitPathCommitsNothing() {
        failSynchronousCommit = true;
        Throwable thrown;
        try {
            thrown = catchThrowable(() -> database.connections().inTransaction(() -> {
                store.set("half-done", "v", null, Instant.now());
                return null;
            }));
        } finally {
            failSynchronousCommit = false;
        }
        assertThat(thrown).isNotNull();
        assertThat(store.get("half-done", Instant.now())).isNull();
    }

    @Test
    void aFailingRollbackDoesNotHideTheWorksError() {
        RuntimeException boom = new IllegalStateException("the work failed");
        Throwable thrown = catchThrowable(() -> database.connections().inTransaction(() -> {
            store.set("killed", "v", null, Instant.now());
            terminate(database.connections().bound(false));
            throw boom;
        }));
        assertThat(thrown).isSameAs(boom);
        assertThat(boom.getSuppressed()).hasSize(1);
        assertThat(store.get("killed", Instant.now())).isNull();
    }

    /** Ends the connection's backend from another connection, as a restart or an admin would. */
    private static void terminate(Connection victim) {
        try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            try (Connection other = TestDatabase.dataSource().getConnection();
                 PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
                kill.setInt(1, pid);
                try (ResultSet killed = kill.executeQuery()) {
                    killed.next();
                    assertThat(killed.getBoolean(1)).isTrue();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The real pool, except that while {@link #failSynchronousCommit} is set the commit path's
     * statement fails as a cancelled or timed-out statement would, leaving the transaction open (a
     * failure PostgreSQL itself cannot be made to produce on demand).
     */
    private static DataSource failingOnDemand(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    return result instanceof Connection c ? failingConnection(c) : result;
                });
    }

    private static Connection failingConnection(Connection real) {
        InvocationHandler handler = (proxy, method, args) -> {
            failIfCommitPath(args);
            Object result = invoke(real, method, args);
            return result instanceof Statement st && !(result instanceof PreparedStatement) ? failingStatement(st) : result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static Statement failingStatement(Statement real) {
        InvocationHandler handler = (proxy, method, args) -> {
            failIfCommitPath(args);
            return invoke(real, method, args);
        };
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, handler);
    }

    /** Fails a call whose SQL argument is the commit path's statement, while asked to. */
    private static void failIfCommitPath(Object[] args) throws SQLException {
        if (failSynchronousCommit && args != null && args.length > 0 && args[0] instanceof String sql
                && sql.contains(SYNCHRONOUS_COMMIT)) {
            throw new SQLTransientConnectionException("injected failure of " + sql, "57014");
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
