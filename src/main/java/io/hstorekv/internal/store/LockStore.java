package io.hstorekv.internal.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The rows of leased locks (see the V10_1 migration). Each statement runs on a pooled connection
 * in autocommit, outside any transaction of the calling thread: a lock taken inside a transaction
 * that rolls back must still be held (and released) as the caller sees it. Leases are counted on the
 * database's clock.
 */
public final class LockStore {
    /** A lease held: its fencing token and when it ends (database clock). */
    public record Held(long token, Instant expiresAt) {}

    private final Statements statements;
    private final NamedStatement acquire;
    private final NamedStatement renew;
    private final NamedStatement release;

    LockStore(Statements statements, String schema) {
        this.statements = statements;
        String table = Identifiers.quote(schema) + ".locks";
        // The row lock of ON CONFLICT serialises contenders: the one that waited re-checks the
        // expiry on the row as the winner left it, so two never hold the same lease.
        this.acquire = NamedStatement.parse("INSERT INTO " + table + " AS l (name, token, expires_at) "
                + "VALUES (:name, 1, clock_timestamp() + :leaseMillis * interval '1 millisecond') "
                + "ON CONFLICT (name) DO UPDATE SET token = l.token + 1, expires_at = EXCLUDED.expires_at "
                + "WHERE l.expires_at <= clock_timestamp() RETURNING token, expires_at");
        this.renew = NamedStatement.parse("UPDATE " + table + " SET expires_at = clock_timestamp() + :leaseMillis * interval '1 millisecond' "
                + "WHERE name = :name AND token = :token AND expires_at > clock_timestamp() RETURNING expires_at");
        this.release = NamedStatement.parse("UPDATE " + table + " SET expires_at = clock_timestamp() "
                + "WHERE name = :name AND token = :token AND expires_at > clock_timestamp()");
    }

    /** Takes the lock if no lease on it is running; null if one is. */
    public Held tryAcquire(String name, Duration lease) {
        return statements.onPooledConnection(s -> s.query(acquire,
                b -> b.text("name", name).number("leaseMillis", lease.toMillis()),
                Statements.firstRow(rs -> new Held(rs.getLong(1), rs.getTimestamp(2).toInstant()))));
    }

    /** Extends a lease still held by this token to {@code lease} from now; its new end, or null if it was lost. */
    public Instant renew(String name, long token, Duration lease) {
        return statements.onPooledConnection(s -> s.query(renew,
                b -> b.text("name", name).number("token", token).number("leaseMillis", lease.toMillis()),
                Statements.firstRow(rs -> rs.getTimestamp(1).toInstant())));
    }

    /** Ends a lease still held by this token; false if it had already ended (expired or released). */
    public boolean release(String name, long token) {
        return statements.onPooledConnection(s -> s.update(release, b -> b.text("name", name).number("token", token))) == 1;
    }
}
