package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Connections.Isolation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The store's schema in one database: migrations, namespaces, and the per-namespace repositories. */
public final class Database implements AutoCloseable {
    private final Connections connections;
    private final Statements statements;
    private final String schema;
    private final String hstoreSchema;
    private final ArrayDeque<Horizon> horizons = new ArrayDeque<>();
    private final KeyWaits keyWaits;
    /** The last list_id the orphan sweep looked at (0: start over). */
    private long orphanCursor;

    /**
     * Where our migrations ship: a location of our own, since {@code classpath:db/migration} is where
     * an application's Flyway looks for its own. Flyway's history names scripts relative to the
     * location, so installations made when they shipped there upgrade with their history unchanged.
     */
    public static final String MIGRATIONS = "classpath:io/hstorekv/db/migration";

    private Database(Connections connections, String schema, String hstoreSchema) {
        this.connections = connections;
        this.statements = new Statements(connections);
        this.schema = schema;
        this.hstoreSchema = hstoreSchema;
        this.keyWaits = new KeyWaits(connections, statements, schema);
    }

    /**
     * Opens the store's schema, applying our migrations first when asked. Our Flyway history lives
     * in our own schema under its own table name, apart from the application's.
     */
    public static Database open(DataSource dataSource, Failure.Failures failures, String schema, String historyTable, String hstoreSchema,
                                boolean migrate) {
        return open(dataSource, failures, new Pooling(Clock.systemUTC(), 1), schema, historyTable, hstoreSchema, migrate);
    }

    /**
     * How the store uses its pool: the clock its availability is told by, and how many of the
     * pool's timeouts a caller waits through while the pool is busy (see {@link Connections#borrow}).
     */
    public record Pooling(Clock clock, int poolWaits) {}

    /** The same, with a pool whose timeout is one short wait of several (see {@link Connections#borrow}). */
    public static Database open(DataSource dataSource, Failure.Failures failures, Pooling pooling, String schema,
                                String historyTable, String hstoreSchema, boolean migrate) {
        Identifiers.schema(schema);
        Identifiers.schema(hstoreSchema);
        if (migrate) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .schemas(schema)
                    .createSchemas(true)
                    .table(historyTable)
                    .placeholders(Map.of("schema", schema, "hstore_schema", hstoreSchema))
                    .load()
                    .migrate();
        }
        Availability availability = new Availability(dataSource, failures, pooling.clock());
        Connections connections = new Connections(dataSource, new SqlErrors(failures, availability), pooling.poolWaits());
        String installedIn = new Statements(connections).onPooledConnection(s -> s.query("""
                SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'hstore'""", Statements.NO_VALUES, Statements.firstRow(rs -> rs.getString(1))));
        if (installedIn == null) {
            throw new IllegalStateException("the hstore extension is not installed; open with migrations enabled once");
        }
        return new Database(connections, schema, installedIn);
    }

    /**
     * Creates the namespace with this durability if it does not exist; returns its durability
     * (the existing one when it did exist).
     */
    public NamespaceDurability createNamespace(String name, NamespaceDurability durability) {
        Identifiers.namespace(name);
        return statements.onPooledConnection(s -> s.query("SELECT " + Identifiers.quote(schema) + ".create_namespace(:name, :durability)",
                b -> b.text("name", name).text("durability", durability.name()),
                Statements.firstRow(rs -> NamespaceDurability.valueOf(rs.getString(1)))));
    }

    /**
     * Turns on the change log of a namespace (off until a near cache wants it; then on for good,
     * for every instance's writes): when this returns, every write to it logs its keys. Idempotent.
     */
    public void enableChangeLog(String name) {
        Identifiers.namespace(name);
        statements.onPooledConnection(s -> s.query("SELECT 1 FROM " + Identifiers.quote(schema) + ".enable_change_log(:name)",
                b -> b.text("name", name), Statements.firstRow(rs -> rs.getInt(1))));
    }

    /** The durability of an existing namespace, or null. */
    public NamespaceDurability durability(String name) {
        return statements.onPooledConnection(s -> s.query("SELECT durability FROM " + Identifiers.quote(schema) + ".namespaces WHERE name = :name",
                b -> b.text("name", name), Statements.firstRow(rs -> NamespaceDurability.valueOf(rs.getString(1)))));
    }

    public Connections connections() {
        return connections;
    }

    /** Whether the database answers, as far as the store knows: false from a connection failure until a probe gets an answer. */
    public boolean available() {
        return connections.errors().availability().up();
    }

    /** Stops probing an unreachable database; the pool is the caller's to close. */
    @Override
    public void close() {
        keyWaits.close();
        connections.errors().availability().close();
    }

    String schema() {
        return schema;
    }

    String hstoreSchema() {
        return hstoreSchema;
    }

    public EntryStore entries(String namespace, boolean async, boolean groupCommit) {
        String ns = Identifiers.namespace(namespace);
        ListStore lists = new ListStore(statements, connections.errors(), async, ListSql.render(schema, hstoreSchema, ns, async),
                keyWaits);
        return new EntryStore(connections, statements, new KeyLocks(schema, namespace), async, groupCommit,
                Sql.render(schema, hstoreSchema, ns, async), lists);
    }

    /** The sorted sets of one namespace. */
    public SortedSetStore sortedSets(String namespace, boolean async) {
        return new SortedSetStore(statements, async, SortedSetSql.render(schema, hstoreSchema, Identifiers.namespace(namespace), async),
                keyWaits);
    }

    /** The SQL of importing a table into a namespace; checks that the table and columns exist. */
    public TableCopy tableCopy(TableCopy.Plan plan) {
        return new TableCopy(statements, schema, hstoreSchema, plan);
    }

    /** JSON Lines dumps of one namespace. */
    public Dumps dumps(String namespace) {
        return new Dumps(statements, schema, hstoreSchema, namespace);
    }

    /** A change feed on this schema's change log (not started), polling at this interval. */
    public ChangeFeed changeFeed(Duration interval, ChangeFeed.Listener listener) {
        return new ChangeFeed(connections.pool(), schema, interval, listener);
    }

    /** Size bounds of namespaces, and what they store. */
    public NamespaceSizes sizes() {
        return new NamespaceSizes(statements, schema);
    }

    /** The rows of leased locks. */
    public LockStore locks() {
        return new LockStore(statements, schema);
    }

    /** The near cache's read of one namespace's keys. */
    public CacheLoads cacheLoads(String namespace) {
        return new CacheLoads(statements, schema, hstoreSchema, Identifiers.namespace(namespace));
    }

    /** Whether the calling thread is inside {@link Connections#inTransaction}. */
    public boolean transactionActive() {
        return connections.transactionActive();
    }

    /**
     * Deletes the change-log rows of transactions that had finished {@code age} ago or earlier (by
     * {@code now}, the store's clock): feeds only look at rows of transactions still in progress or
     * just committed. Each call notes the database's transaction horizon (every transaction below
     * it has finished); a later call deletes below the newest horizon noted at least {@code age}
     * before it, by the log's index on tx. Returns how many went.
     */
    public synchronized int deleteOldChanges(Instant now, Duration age) {
        String q = Identifiers.quote(schema);
        String cut = newestHorizonSeenBy(now.minus(age));
        return statements.onPooledConnection(s -> s.query("WITH gone AS (DELETE FROM " + q + ".changes WHERE tx < CAST(:cut AS xid8) RETURNING 1) "
                        + "SELECT pg_snapshot_xmin(pg_current_snapshot())::text, (SELECT count(*) FROM gone)",
                b -> b.text("cut", cut),
                Statements.firstRow(rs -> {
                    horizons.addLast(new Horizon(now, rs.getString(1)));
                    return rs.getInt(2);
                })));
    }

    /** Drops the horizons noted at or before {@code limit}, returning the newest of them ("0": none). */
    private String newestHorizonSeenBy(Instant limit) {
        String newest = "0";
        while (!horizons.isEmpty() && !horizons.peekFirst().seen().isAfter(limit)) {
            newest = horizons.pollFirst().xmin();
        }
        return newest;
    }

    /** A transaction horizon (xid8 as text) and when it was seen. */
    private record Horizon(Instant seen, String xmin) {}

    /**
     * Deletes up to {@code batch} expired rows across all namespaces, skipping rows that writers hold,
     * within a time budget; returns how many went. Safe to run from several instances at once.
     */
    public int sweepExpired(Instant now, int batch, Duration budget) {
        String q = Identifiers.quote(schema);
        return statements.inOwnTransaction(Isolation.DEFAULT, s -> {
            Maintenance.limit(s, budget);
            return s.update("DELETE FROM " + q + ".entries WHERE (ns, key) IN ("
                            + "SELECT ns, key FROM " + q + ".entries WHERE expires_at <= :now "
                            + "LIMIT :batch FOR UPDATE SKIP LOCKED)",
                    b -> b.time("now", now).number("batch", batch));
        });
    }

    /**
     * Deletes the items of lists whose entries row is gone (see V7): looks at up to {@code looks}
     * list ids after the previous call's, wrapping around at the end. Returns how many items went.
     */
    public synchronized int sweepOrphanListItems(int looks) {
        String q = Identifiers.quote(schema);
        long after = orphanCursor;
        return statements.onPooledConnection(s -> s.query("""
                WITH RECURSIVE ids(id, n) AS (
                    SELECT (SELECT min(i.list_id) FROM %1$s.list_items i WHERE i.list_id > :after), 1
                    UNION ALL
                    SELECT (SELECT min(i.list_id) FROM %1$s.list_items i WHERE i.list_id > ids.id), ids.n + 1
                    FROM ids WHERE ids.id IS NOT NULL AND ids.n < :looks),
                looked AS (SELECT id FROM ids WHERE id IS NOT NULL),
                gone AS (
                    DELETE FROM %1$s.list_items i USING looked l WHERE i.list_id = l.id
                      AND NOT EXISTS (SELECT 1 FROM %1$s.entries e WHERE e.list_id = l.id AND e.type = 'list')
                    RETURNING 1)
                SELECT (SELECT max(id) FROM looked), (SELECT count(*) FROM looked), (SELECT count(*) FROM gone)""".formatted(q),
                b -> b.number("after", after).number("looks", looks),
                Statements.firstRow(rs -> {
                    orphanCursor = rs.getLong(2) < looks ? 0 : rs.getLong(1);
                    return rs.getInt(3);
                })));
    }
}
