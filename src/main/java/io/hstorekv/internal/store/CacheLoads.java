package io.hstorekv.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    public record Loaded(String type, String value, Instant expiresAt, String[] fields) {}

    /** Hashes and sets larger than this (as stored) are not loaded whole: their reads go to PostgreSQL. */
    public static final int MAX_FIELDS_BYTES = 64 * 1024;

    private final Connections connections;
    private final String sql;
    private final String manySql;

    CacheLoads(Connections connections, String schema, String hstoreSchema, String namespace) {
        this.connections = connections;
        String h = Identifiers.quote(hstoreSchema);
        String select = "SELECT e.type, e.value, e.expires_at, CASE WHEN pg_column_size(e.fields) <= " + MAX_FIELDS_BYTES
                + " THEN CASE e.type WHEN 'hash' THEN " + h + ".hstore_to_array(e.fields) ELSE " + h + ".akeys(e.fields) END END, e.key FROM "
                + Identifiers.quote(schema) + "." + Identifiers.quote(Identifiers.partition(namespace)) + " e WHERE e.ns = ? AND ";
        String live = " AND (e.expires_at IS NULL OR e.expires_at > ?)";
        this.sql = select + "e.key = ?" + live;
        this.manySql = select + "e.key = ANY(?)" + live;
    }

    /** The key as of {@code now}, or null when absent. */
    public Loaded load(String namespace, String key, Instant now) {
        Map<String, Loaded> found = run(sql, namespace, key, now);
        return found.get(key);
    }

    /** The live ones among the keys as of {@code now}, in one statement (absent keys are not in the map). */
    public Map<String, Loaded> loadMany(String namespace, List<String> keys, Instant now) {
        return run(manySql, namespace, keys.toArray(String[]::new), now);
    }

    private Map<String, Loaded> run(String statement, String namespace, Object keys, Instant now) {
        try (Connection c = connections.pool().getConnection();
             PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, namespace);
            if (keys instanceof String[] many) {
                ps.setArray(2, c.createArrayOf("text", many));
            } else {
                ps.setString(2, (String) keys);
            }
            ps.setTimestamp(3, Timestamp.from(now));
            Map<String, Loaded> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(3);
                    java.sql.Array fields = rs.getArray(4);
                    found.put(rs.getString(5), new Loaded(rs.getString(1), rs.getString(2), at == null ? null : at.toInstant(),
                            fields == null ? null : (String[]) fields.getArray()));
                }
            }
            return found;
        } catch (SQLException e) {
            throw connections.errors().translate(e);
        }
    }
}
