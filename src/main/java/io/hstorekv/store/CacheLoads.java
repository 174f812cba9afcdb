package io.hstorekv.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The read a near cache loads a key with: GET's statement plus the row's expiry, so that the cache
 * keeps the (type, value) no longer than the row lives. Always on a pooled connection in autocommit
 * (caches are bypassed inside transactions).
 */
public final class CacheLoads {
    /**
     * A live key's type; for a string its stored value; for a hash of at most
     * {@link #MAX_HASH_BYTES} its pairs as a flat array (field, value, ...; else null);
     * {@code expiresAt} null: no TTL.
     */
    public record Loaded(String type, String value, Instant expiresAt, String[] fields) {}

    /** Hashes larger than this (as stored) are not loaded whole: their reads go to PostgreSQL. */
    public static final int MAX_HASH_BYTES = 64 * 1024;

    private final Connections connections;
    private final String sql;

    CacheLoads(Connections connections, String schema, String hstoreSchema, String namespace) {
        this.connections = connections;
        this.sql = "SELECT e.type, e.value, e.expires_at, CASE WHEN e.type = 'hash' AND pg_column_size(e.fields) <= "
                + MAX_HASH_BYTES + " THEN " + Identifiers.quote(hstoreSchema) + ".hstore_to_array(e.fields) END FROM " + Identifiers.quote(schema) + "."
                + Identifiers.quote(Identifiers.partition(namespace)) + " e WHERE e.ns = ? AND e.key = ? AND "
                + "(e.expires_at IS NULL OR e.expires_at > ?)";
    }

    /** The key as of {@code now}, or null when absent. */
    public Loaded load(String namespace, String key, Instant now) {
        try (Connection c = connections.pool().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            ps.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp at = rs.getTimestamp(3);
                java.sql.Array fields = rs.getArray(4);
                return new Loaded(rs.getString(1), rs.getString(2), at == null ? null : at.toInstant(),
                        fields == null ? null : (String[]) fields.getArray());
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }
}
