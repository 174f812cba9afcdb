package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Connections.Isolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Size bounds of namespaces (the V10_2 migration) and what they hold: set and read by the API,
 * enforced by the sweeper. Eviction goes by write order (the {@code version} every write renews):
 * the least recently written entries of a namespace over its bound go first. Reads are not
 * tracked (an LRU would turn every read into a write), and the order is already there at no cost.
 */
public final class NamespaceSizes {
    /** A namespace's bounds (0: none), what it stores and what was evicted from it. */
    public record Figures(long maxEntries, long maxBytes, long entries, long bytes, long evictions) {}

    /** Bytes an entry takes as stored: key, value and fields after compression (no row header, no index). */
    private static final String ENTRY_BYTES =
            "pg_column_size(e.key) + coalesce(pg_column_size(e.value), 0) + coalesce(pg_column_size(e.fields), 0)";

    private final Statements statements;
    private final String q;

    NamespaceSizes(Statements statements, String schema) {
        this.statements = statements;
        this.q = Identifiers.quote(schema);
    }

    /** Sets both bounds of an existing namespace (0: none); false if there is no such namespace. */
    public boolean setBounds(String namespace, long maxEntries, long maxBytes) {
        return statements.onPooledConnection(s -> s.update("UPDATE " + q + ".namespaces "
                        + "SET max_entries = NULLIF(:maxEntries, 0), max_bytes = NULLIF(:maxBytes, 0) WHERE name = :name",
                b -> b.text("name", namespace).number("maxEntries", maxEntries).number("maxBytes", maxBytes))) == 1;
    }

    /** The bounds of an existing namespace as {maxEntries, maxBytes} (0: none); null if there is no such namespace. */
    public long[] bounds(String namespace) {
        return statements.onPooledConnection(s -> s.query("SELECT coalesce(max_entries, 0), coalesce(max_bytes, 0) FROM "
                        + q + ".namespaces WHERE name = :name", b -> b.text("name", namespace),
                Statements.firstRow(rs -> new long[] {rs.getLong(1), rs.getLong(2)})));
    }

    /** The figures of an existing namespace, every stored row counted (expired ones too until swept); null if none. */
    public Figures figures(String namespace) {
        return statements.onPooledConnection(s -> s.query("SELECT coalesce(n.max_entries, 0), coalesce(n.max_bytes, 0), "
                        + "(SELECT count(*) FROM " + q + ".entries e WHERE e.ns = n.name), "
                        + "(SELECT coalesce(sum(" + ENTRY_BYTES + "), 0) FROM " + q + ".entries e WHERE e.ns = n.name), "
                        + "n.evictions FROM " + q + ".namespaces n WHERE n.name = :name",
                b -> b.text("name", namespace),
                Statements.firstRow(rs -> new Figures(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))));
    }

    /** The namespaces that have a bound. */
    public List<String> bounded() {
        return statements.onPooledConnection(s -> s.query("SELECT name FROM " + q + ".namespaces "
                        + "WHERE max_entries IS NOT NULL OR max_bytes IS NOT NULL ORDER BY name", Statements.NO_VALUES,
                rs -> {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                    return names;
                }));
    }

    /**
     * Deletes up to {@code batch} of the least recently written entries of a namespace that lie
     * beyond its bounds (counting from the newest), skipping rows that writers hold, within a time
     * budget; returns how many went, also added to the namespace's eviction count. Through
     * {@code entries}, so that near caches hear of it. Safe to run from several instances at once.
     */
    public int evict(String namespace, int batch, Duration budget) {
        return statements.inOwnTransaction(Isolation.DEFAULT, s -> {
            Maintenance.limit(s, budget);
            // (data-modifying CTEs run to completion whether or not the final SELECT reads them)
            return s.query("WITH bounds AS (SELECT max_entries, max_bytes FROM " + q + ".namespaces WHERE name = :name), "
                            + "ranked AS (SELECT e.key, e.version, "
                            + "row_number() OVER newest AS newer_entries, sum(" + ENTRY_BYTES + ") OVER newest AS newer_bytes "
                            + "FROM " + q + ".entries e WHERE e.ns = :name "
                            + "WINDOW newest AS (ORDER BY e.version DESC ROWS UNBOUNDED PRECEDING)), "
                            + "victims AS (SELECT r.key, r.version FROM ranked r, bounds b "
                            + "WHERE r.newer_entries > b.max_entries OR r.newer_bytes > b.max_bytes "
                            + "ORDER BY r.version LIMIT :batch), "
                            // an entry rewritten since the ranking has a new version: it is among the newest now
                            + "locked AS (SELECT e.ns, e.key FROM " + q + ".entries e JOIN victims v "
                            + "ON e.key = v.key AND e.version = v.version WHERE e.ns = :name FOR UPDATE OF e SKIP LOCKED), "
                            + "gone AS (DELETE FROM " + q + ".entries e USING locked l WHERE e.ns = l.ns AND e.key = l.key RETURNING 1), "
                            + "counted AS (UPDATE " + q + ".namespaces SET evictions = evictions + (SELECT count(*) FROM gone) "
                            + "WHERE name = :name AND EXISTS (SELECT 1 FROM gone) RETURNING 1) "
                            + "SELECT count(*) FROM gone",
                    b -> b.text("name", namespace).number("batch", batch), Statements.firstRow(rs -> rs.getInt(1)));
        });
    }
}
