package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Statements.Binding;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read a near cache loads a key with: GET's statement plus the row's expiry, so that the cache
 * keeps the (type, value) no longer than the row lives. Always on a pooled connection in autocommit
 * (caches are bypassed inside transactions).
 */
public final class CacheLoads {
    /**
     * A live key's type; for a string its stored value; for a hash or set of at most
     * {@link #MAX_FIELDS_BYTES} a hash's pairs as a flat array (field, value, ...) or a set's
     * members (else null); {@code expiresAt} null: no TTL.
     */
    public record Loaded(EntryType type, String value, Instant expiresAt, String[] fields) {}

    /** Hashes and sets larger than this (as stored) are not loaded whole: their reads go to PostgreSQL. */
    public static final int MAX_FIELDS_BYTES = 64 * 1024;

    private final Statements statements;
    private final NamedStatement one;
    private final NamedStatement many;

    CacheLoads(Statements statements, String schema, String hstoreSchema, String namespace) {
        this.statements = statements;
        String h = Identifiers.quote(hstoreSchema);
        String select = "SELECT e.type, e.value, e.expires_at, CASE WHEN pg_column_size(e.fields) <= " + MAX_FIELDS_BYTES
                + " THEN CASE e.type WHEN 'hash' THEN " + h + ".hstore_to_array(e.fields) ELSE " + h + ".akeys(e.fields) END END, e.key FROM "
                + Identifiers.quote(schema) + "." + Identifiers.quote(Identifiers.partition(namespace)) + " e WHERE e.ns = :ns AND ";
        this.one = NamedStatement.parse(select + "e.key = :key AND " + Sql.LIVE);
        this.many = NamedStatement.parse(select + "e.key = ANY(:keys) AND " + Sql.LIVE);
    }

    /** The key as of {@code now}, or null when absent. */
    public Loaded load(String namespace, String key, Instant now) {
        return run(one, namespace, b -> b.text("key", key), now).get(key);
    }

    /** The live ones among the keys as of {@code now}, in one statement (absent keys are not in the map). */
    public Map<String, Loaded> loadMany(String namespace, List<String> keys, Instant now) {
        return run(many, namespace, b -> b.texts("keys", keys), now);
    }

    private Map<String, Loaded> run(NamedStatement statement, String namespace, Binding keys, Instant now) {
        return statements.onPooledConnection(session -> session.query(statement,
                b -> keys.bind(b.text("ns", namespace).time("now", now)),
                rs -> {
                    Map<String, Loaded> found = new HashMap<>();
                    while (rs.next()) {
                        Timestamp at = rs.getTimestamp(3);
                        Array fields = rs.getArray(4);
                        found.put(rs.getString(5), new Loaded(EntryType.of(rs.getString(1)), rs.getString(2),
                                at == null ? null : at.toInstant(), fields == null ? null : (String[]) fields.getArray()));
                    }
                    return found;
                }));
    }
}
