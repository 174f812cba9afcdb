package io.hstorekv;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hstorekv.imports.ImportReport;
import io.hstorekv.imports.ImportSpec;
import io.hstorekv.imports.OnConflict;
import io.hstorekv.imports.TableImport;
import io.hstorekv.internal.Limits;
import io.hstorekv.internal.near.NearCache;
import io.hstorekv.internal.near.NearCacheBound;
import io.hstorekv.internal.near.NearCaches;
import io.hstorekv.internal.store.ChangeFeed;
import io.hstorekv.internal.store.Database;
import io.hstorekv.internal.store.Failure;
import io.hstorekv.internal.store.Identifiers;
import io.hstorekv.internal.store.LockStore;
import io.hstorekv.internal.store.NamespaceSizes;
import io.hstorekv.internal.store.NamespaceDurability;
import io.hstorekv.util.Futures;
import java.io.BufferedReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-value store in PostgreSQL hstore columns. Open one per application (it is thread-safe),
 * take {@link Namespace namespaces} from it, and close it on shutdown:
 *
 * <pre>{@code
 * try (HstoreKv kv = HstoreKv.builder().dataSource(dataSource).open()) {
 *     Namespace sessions = kv.namespace("sessions", Durability.ASYNC);
 *     sessions.set("s:42", "alice", Duration.ofMinutes(30));
 * }
 * }</pre>
 *
 * <p>Bad arguments (a null, a key over the limit, an invalid namespace name) are
 * {@link IllegalArgumentException}s, thrown before anything is written. Failures of the database
 * or its drivers are {@link HstoreKvException}s (or its subtypes) with the underlying exception as
 * the cause: no JDBC, pool or migration library type leaves the API. While the database cannot be
 * reached, operations fail at once with {@link DatabaseUnavailableException} (see
 * {@link #databaseAvailable()}).
 */
public final class HstoreKv implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HstoreKv.class);

    /** The latest expiry instant a key may have (timestamptz goes further; this keeps clear of it). */
    public static final Instant LATEST_EXPIRY = Limits.LATEST_EXPIRY;

    /** One wait of our own pool for a connection; {@link #POOL_WAITS} of them while it is busy (HikariCP's 30 s in all). */
    private static final Duration POOL_WAIT = Duration.ofSeconds(1);
    private static final int POOL_WAITS = 30;

    private final Database database;
    private final Limits limits;
    private final Clock clock;
    private final boolean groupCommit;
    private final HikariDataSource ownedPool;
    /** Runs the sweeper (if on) and the trimming of the change log, which every store does. */
    private final ScheduledExecutorService maintenance;
    private Instant lastTrim; // on the maintenance thread
    private final Map<String, CompletableFuture<Namespace>> namespaces = new ConcurrentHashMap<>();
    private final NearCaches nearCaches;
    private final LockStore locks;
    private final NamespaceSizes sizes;

    private HstoreKv(Builder b, DataSource dataSource, HikariDataSource ownedPool) {
        this.ownedPool = ownedPool;
        this.clock = b.clock;
        this.groupCommit = b.groupCommit;
        this.limits = new Limits(b.maxKeyBytes, b.maxValueBytes);
        // Our own pool times out in short waits, so that a database that stops answering is noticed within one.
        Database.Pooling pooling = new Database.Pooling(clock, ownedPool != null ? POOL_WAITS : 1);
        this.database = Database.open(dataSource, HstoreKv::failure, pooling, b.schema, b.historyTable, b.hstoreSchema, b.migrate);
        this.locks = database.locks();
        this.sizes = database.sizes();
        this.nearCaches = b.nearCaches.isEmpty() ? null
                : new NearCaches(database, clock, b.nearCaches, b.nearCachePollInterval);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hstore-kv-maintenance");
            t.setDaemon(true);
            return t;
        });
        if (b.sweepInterval != null) {
            long millis = b.sweepInterval.toMillis();
            maintenance.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        // Without the sweeper the log must still be trimmed, or it grows without bound.
        this.lastTrim = clock.instant();
        long tick = TRIM_CHECK_INTERVAL.toMillis();
        maintenance.scheduleWithFixedDelay(this::trimWhenDue, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The API's exception for each kind of store failure. */
    private static RuntimeException failure(Failure failure, String message, Throwable cause) {
        return switch (failure) {
            case WRONG_TYPE -> new WrongTypeException();
            case NOT_A_NUMBER -> new NotANumberException(message);
            case UNAVAILABLE -> new DatabaseUnavailableException(message, cause);
            case DATABASE -> new HstoreKvException(message, cause);
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the namespace, creating it as {@link Durability#DURABLE} if it does not exist. */
    public Namespace namespace(String name) {
        return namespace(name, null);
    }

    /**
     * Opens the namespace, creating it with this durability if it does not exist.
     *
     * @throws IllegalStateException if it exists with another durability
     */
    public Namespace namespace(String name, Durability durability) {
        Identifiers.namespace(name);
        // The DDL runs outside the map (it may wait for writes in flight), so that a slow opening
        // holds up only the callers of its own name, who wait for its outcome.
        CompletableFuture<Namespace> opening = new CompletableFuture<>();
        CompletableFuture<Namespace> earlier = namespaces.putIfAbsent(name, opening);
        Namespace ns = earlier != null ? Futures.join(earlier) : open(name, durability, opening);
        if (durability != null && ns.durability() != durability) {
            throw new IllegalStateException("namespace " + name + " exists with durability " + ns.durability()
                    + ", not " + durability);
        }
        return ns;
    }

    /** Creates the namespace if missing and completes {@code opening} with it; a failure is forgotten, for a retry. */
    private Namespace open(String name, Durability durability, CompletableFuture<Namespace> opening) {
        try {
            Durability want = durability == null ? Durability.DURABLE : durability;
            Durability actual = Durability.of(database.createNamespace(name, want.stored()));
            NearCache near = nearCaches == null ? null : nearCaches.forNamespace(name);
            if (near != null) {
                database.enableChangeLog(name); // before the cache serves: every write is logged from here on
            }
            boolean async = actual == Durability.ASYNC;
            Namespace ns = new Namespace(name, actual, database.entries(name, async, groupCommit),
                    database.sortedSets(name, async), limits, clock, database.connections(), nearCaches, near);
            opening.complete(ns);
            return ns;
        } catch (RuntimeException e) {
            throw forget(name, opening, ours("opening namespace " + name, e));
        } catch (Error e) {
            throw forget(name, opening, e);
        }
    }

    /** Fails an opening for its waiters and drops it, so that the next call tries again; returns the failure. */
    private <X extends Throwable> X forget(String name, CompletableFuture<Namespace> opening, X failure) {
        namespaces.remove(name, opening);
        opening.completeExceptionally(failure);
        return failure;
    }

    /**
     * A failure about to leave the API: ours ({@link HstoreKvException} and its subtypes, or the
     * documented argument, state and I/O exceptions) as it is; any other (JDBI, Flyway, HikariCP,
     * the driver) as the cause of a {@link HstoreKvException}, so no library's type reaches callers.
     */
    private static RuntimeException ours(String action, RuntimeException e) {
        if (e instanceof HstoreKvException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UncheckedIOException) {
            return e;
        }
        return new HstoreKvException(action + " failed: " + e.getMessage(), e);
    }

    /**
     * The namespace if it exists, without creating it: a read-only look-up (no DDL) for callers that
     * report on namespaces, such as the server's INFO.
     */
    public Optional<Namespace> existingNamespace(String name) {
        Identifiers.namespace(name);
        CompletableFuture<Namespace> open = namespaces.get(name);
        if (open != null) {
            return Optional.of(Futures.join(open));
        }
        NamespaceDurability durability = database.durability(name);
        return durability == null ? Optional.empty() : Optional.of(namespace(name, Durability.of(durability)));
    }

    /**
     * Whether the database answers, as far as the store knows. It turns false when an operation
     * cannot reach the database (refused or broken connection, server shutting down, the pool
     * unable to connect); until a background probe gets an answer again, every operation then fails
     * at once with {@link DatabaseUnavailableException} instead of waiting. A health check can use it.
     */
    public boolean databaseAvailable() {
        return database.available();
    }

    /**
     * Runs the work as one PostgreSQL transaction (read committed): every operation it makes on this
     * store, in any namespace, commits together or not at all (an exception rolls back). An
     * operation that fails for a reason of the data (say a WRONGTYPE that the work catches) undoes
     * only itself; one that fails for a reason of the database fails the whole transaction, even if
     * the work catches it. When that reason is a concurrent transaction (a deadlock, a conflicting
     * change) the work runs again, whole, up to 10 times: keep side effects other than this store's
     * out of it. Nested calls join. See {@link Namespace#inTransaction(Collection, Supplier)} for
     * transactions that name their keys up front and so queue instead of conflicting.
     */
    public <T> T inTransaction(Supplier<T> work) {
        Limits.required(work, "work");
        Supplier<T> transaction = () -> database.connections().inTransaction(work);
        return nearCaches == null ? transaction.get() : nearCaches.inTransaction(transaction);
    }

    /**
     * Bounds what the namespace stores (for every instance: the bounds are kept in the database);
     * {@link SizeBounds#NONE} lifts them. The sweeper of every store with one running
     * ({@link Builder#sweepInterval}) evicts the least recently written entries past a bound on each
     * sweep, so a cache namespace cannot fill the disk; between sweeps the namespace may pass it.
     *
     * @throws IllegalArgumentException if there is no such namespace
     */
    public void setSizeBounds(String namespace, SizeBounds bounds) {
        Identifiers.namespace(namespace);
        Limits.required(bounds, "bounds");
        boolean found = about(namespace, "bounding", () -> sizes.setBounds(namespace, bounds.maxEntries(), bounds.maxBytes()));
        existing(found ? namespace : null, namespace);
    }

    /**
     * The namespace's bounds ({@link SizeBounds#NONE} when it has none): one row read.
     *
     * @throws IllegalArgumentException if there is no such namespace
     */
    public SizeBounds sizeBounds(String namespace) {
        Identifiers.namespace(namespace);
        long[] bounds = existing(about(namespace, "reading the bounds of", () -> sizes.bounds(namespace)), namespace);
        return new SizeBounds(bounds[0], bounds[1]);
    }

    /**
     * What the namespace stores, its bounds and its evictions (one pass over its rows: for
     * monitoring, not for every request).
     *
     * @throws IllegalArgumentException if there is no such namespace
     */
    public StoredSize storedSize(String namespace) {
        Identifiers.namespace(namespace);
        NamespaceSizes.Figures f = existing(about(namespace, "measuring", () -> sizes.figures(namespace)), namespace);
        return new StoredSize(f.entries(), f.bytes(), new SizeBounds(f.maxEntries(), f.maxBytes()), f.evictions());
    }

    /** Runs a look-up about a namespace, its failures as the API's ({@code action} names it in the message). */
    private static <T> T about(String namespace, String action, Supplier<T> lookUp) {
        try {
            return lookUp.get();
        } catch (RuntimeException e) {
            throw ours(action + " namespace " + namespace, e);
        }
    }

    /** What a look-up found about a namespace; null means there is no such namespace. */
    private static <T> T existing(T found, String namespace) {
        if (found == null) {
            throw new IllegalArgumentException("there is no namespace " + namespace);
        }
        return found;
    }

    /**
     * Evicts now, from every bounded namespace, the least recently written entries past its bounds
     * (the sweeper does this after each sweep of expired rows); returns how many went. Works in
     * batches that skip rows writers hold.
     */
    public long evictOverBounds() {
        try {
            long total = 0;
            for (String namespace : sizes.bounded()) {
                int evicted;
                do {
                    evicted = sizes.evict(namespace, EVICTION_BATCH, SWEEP_BUDGET);
                    total += evicted;
                } while (evicted == EVICTION_BATCH);
            }
            return total;
        } catch (RuntimeException e) {
            throw ours("evicting over size bounds", e);
        }
    }

    /** The clock that decides expiry ({@link Builder#clock}): integrations that compute expiry instants use it too. */
    public Clock clock() {
        return clock;
    }

    /**
     * A lock named {@code name} (any key-like text; a name space of its own, apart from every
     * namespace), shared by every instance on this database, whose acquisitions hold it for
     * {@code lease} unless renewed or released; see {@link LeaseLock}.
     */
    public LeaseLock lock(String name, Duration lease) {
        return new LeaseLock(limits.key(name), Limits.lease(lease), locks);
    }

    /**
     * Copies a table of this database into a namespace, inside PostgreSQL, in batches, then
     * verifies the result; see {@link ImportSpec}. Bad input (a missing table or column, NULL or
     * duplicate keys, a value too large, an unsupported type, existing keys with
     * {@link OnConflict#FAIL}) is an {@link IllegalArgumentException} before anything is written.
     * An interrupted import continues where it stopped when run again. Check {@link ImportReport#ok()}.
     */
    public ImportReport importTable(ImportSpec spec) {
        Limits.required(spec, "spec");
        try {
            return new TableImport(database, limits, clock, name -> namespace(name)).run(spec);
        } catch (TableImport.ListenerFailure e) {
            throw e.listenerException(); // the caller's own exception, as it threw it
        } catch (RuntimeException e) {
            throw ours("importing a table", e);
        }
    }

    /**
     * Writes every live key of the namespace to {@code out} as JSON Lines, in key order (types,
     * expiry instants and binary values preserved); returns how many. See the README for the format.
     */
    public long exportJsonl(String namespace, Writer out) {
        Limits.required(out, "out");
        try {
            if (database.durability(Identifiers.namespace(namespace)) == null) {
                throw new IllegalArgumentException("there is no namespace " + namespace);
            }
            return database.dumps(namespace).export(out, clock.instant());
        } catch (RuntimeException e) {
            throw ours("exporting namespace " + namespace, e);
        }
    }

    /**
     * Restores a {@link #exportJsonl} dump into the namespace (created, DURABLE, if missing), in one
     * transaction: every line or, on a bad line ({@link IllegalArgumentException} naming it) or an
     * existing key with {@link OnConflict#FAIL}, none. Keys whose expiry has passed are left out.
     * Returns the entries written.
     */
    public long importJsonl(String namespace, BufferedReader in, OnConflict onConflict) {
        Limits.required(in, "in");
        Limits.required(onConflict, "onConflict");
        namespace(namespace);
        try {
            return database.dumps(namespace).restore(in, TableImport.conflictMode(onConflict), clock.instant());
        } catch (RuntimeException e) {
            throw ours("importing into namespace " + namespace, e);
        }
    }

    /** Hit ratio over every near cache of this store; 1.0 before any read or without near caches. */
    public double nearCacheHitRatio() {
        return nearCaches == null ? 1.0 : nearCaches.hitRatio();
    }

    /** The change feed behind the near caches, or null when none is configured (tests, diagnostics). */
    ChangeFeed changeFeed() {
        return nearCaches == null ? null : nearCaches.feed();
    }

    /**
     * Deletes expired rows now (the background sweeper does this on its interval), and change-log
     * rows past their retention; returns how many expired rows went. Works in small batches that
     * skip rows writers hold, so it never blocks them.
     */
    public long sweepExpired() {
        try {
            long total = sweepExpiredRows();
            database.deleteOldChanges(clock.instant(), CHANGE_LOG_RETENTION);
            return total;
        } catch (RuntimeException e) {
            throw ours("sweeping expired keys", e);
        }
    }

    private long sweepExpiredRows() {
        long total = 0;
        int deleted;
        do {
            deleted = database.sweepExpired(clock.instant(), SWEEP_BATCH, SWEEP_BUDGET);
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        database.sweepOrphanListItems(ORPHAN_LOOKS);
        return total;
    }

    private static final int SWEEP_BATCH = 500;
    /** Lists whose items each sweep checks for a deleted owner (see Database#sweepOrphanListItems). */
    private static final int ORPHAN_LOOKS = 1000;
    /** Entries evicted per statement: each ranks the whole namespace, so batches are larger than the sweep's. */
    private static final int EVICTION_BATCH = 10_000;
    private static final Duration SWEEP_BUDGET = Duration.ofSeconds(2);
    /** Change-log rows kept this long: far longer than any feed lags behind, short enough to stay small. */
    private static final Duration CHANGE_LOG_RETENTION = Duration.ofMinutes(10);
    /** How often (by the store's clock) the change log is trimmed: a small fraction of the retention. */
    private static final Duration TRIM_EVERY = Duration.ofMinutes(1);
    /** How often (in real time) the maintenance thread asks the store's clock whether a trim is due. */
    private static final Duration TRIM_CHECK_INTERVAL = Duration.ofSeconds(1);

    private void sweepQuietly() {
        if (!database.available()) {
            return; // the store logged the outage once; a failure per interval would only repeat it
        }
        try {
            sweepExpiredRows();
        } catch (RuntimeException e) {
            log.warn("expired-key sweep failed; will retry on the next interval", e);
        }
        try {
            evictOverBounds();
        } catch (RuntimeException e) {
            log.warn("eviction over size bounds failed; will retry on the next interval", e);
        }
    }

    private void trimWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastTrim.plus(TRIM_EVERY)) || !database.available()) {
            return;
        }
        lastTrim = now;
        try {
            database.deleteOldChanges(now, CHANGE_LOG_RETENTION);
        } catch (RuntimeException e) {
            log.warn("trimming the change log failed; will retry", e);
        }
    }

    /** Stops the background work and closes the connection pool if this store created it. */
    @Override
    public void close() {
        database.close();
        if (nearCaches != null) {
            nearCaches.close();
        }
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    /** Settings of a store; {@link #open()} connects, migrates (unless disabled) and starts the sweeper. */
    public static final class Builder {
        private DataSource dataSource;
        private String jdbcUrl;
        private String username;
        private String password;
        private int poolSize = 10;
        private String schema = "hstorekv";
        private String historyTable = "hstorekv_schema_history";
        private String hstoreSchema = "public";
        private boolean migrate = true;
        private Clock clock = Clock.systemUTC();
        private Duration sweepInterval = Duration.ofSeconds(1);
        private int maxKeyBytes = Limits.MAX_KEY_BYTES_CEILING;
        private long maxValueBytes = 16L * 1024 * 1024;
        private boolean groupCommit;
        private final Map<String, NearCacheBound> nearCaches = new LinkedHashMap<>();
        private Duration nearCachePollInterval = Duration.ofMillis(10);

        private Builder() {}

        /**
         * A near cache for the namespace (off by default): {@link Namespace#get} and
         * {@link Namespace#getBytes} are answered from memory, up to {@code maximumEntries} keys
         * (W-TinyLFU), kept coherent with writes from anywhere (other instances, raw SQL) through a
         * change log that a background thread polls; see the README's "Near cache and coherence".
         * That thread holds one connection of the {@link #dataSource} (with all its settings) for the
         * store's life: size the pool for it (our own pool, with {@link #jdbcUrl}, adds it).
         */
        public Builder nearCache(String namespace, long maximumEntries) {
            Identifiers.namespace(namespace);
            if (maximumEntries < 1) {
                throw new IllegalArgumentException("maximumEntries must be positive, got " + maximumEntries);
            }
            nearCaches.put(namespace, NearCacheBound.entries(maximumEntries));
            return this;
        }

        /**
         * A near cache for the namespace as {@link #nearCache(String, long)}, bounded instead by the
         * heap its entries take: at most {@code maximumBytes} as estimated from above (keys, values,
         * small hashes and sets, and the cache's own bookkeeping per entry). Replaces an earlier
         * bound of either kind for the namespace.
         */
        public Builder nearCacheMemory(String namespace, long maximumBytes) {
            Identifiers.namespace(namespace);
            if (maximumBytes < 1) {
                throw new IllegalArgumentException("maximumBytes must be positive, got " + maximumBytes);
            }
            nearCaches.put(namespace, NearCacheBound.bytes(maximumBytes));
            return this;
        }

        /**
         * How often the change feed polls the change log (default 10 ms): other instances' writes
         * and raw SQL reach the near caches within this plus one query.
         */
        public Builder nearCachePollInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("nearCachePollInterval must be positive");
            }
            this.nearCachePollInterval = interval;
            return this;
        }

        /** Use the application's pool (not closed by {@link HstoreKv#close()}). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Connect with our own HikariCP pool. */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** Size of our own pool (with {@link #jdbcUrl}), plus the near caches' change-feed connection; default 10. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Our schema, which holds the tables and our Flyway history; default {@code hstorekv}. */
        public Builder schema(String schema) {
            this.schema = Identifiers.schema(schema);
            return this;
        }

        /** Our Flyway history table (in our schema); default {@code hstorekv_schema_history}. */
        public Builder historyTable(String historyTable) {
            this.historyTable = Limits.required(historyTable, "historyTable");
            return this;
        }

        /** Where to create the hstore extension if it is missing; default {@code public}. */
        public Builder hstoreSchema(String hstoreSchema) {
            this.hstoreSchema = Identifiers.schema(hstoreSchema);
            return this;
        }

        /** Apply our migrations on open (default true); when false, the schema must be up to date. */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** The clock that decides expiry; inject one in tests. */
        public Builder clock(Clock clock) {
            this.clock = Limits.required(clock, "clock");
            return this;
        }

        /**
         * How often to delete expired rows in the background; null turns the sweeper off (the
         * change log of near caches is trimmed either way).
         */
        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
            return this;
        }

        /** Longest key (UTF-8 bytes), at most 2048; default 2048. */
        public Builder maxKeyBytes(int maxKeyBytes) {
            this.maxKeyBytes = maxKeyBytes;
            return this;
        }

        /** Largest value, hash field or set member (bytes); default 16 MiB. */
        public Builder maxValueBytes(long maxValueBytes) {
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        /**
         * Group commit (default off): concurrent plain {@code get}s share one query and concurrent
         * plain {@code set}s (no TTL) one multi-row upsert. Raises throughput under many concurrent
         * callers (the Redis server turns it on); each call still returns only once its own write
         * has committed.
         */
        public Builder groupCommit(boolean groupCommit) {
            this.groupCommit = groupCommit;
            return this;
        }

        public HstoreKv open() {
            if ((dataSource == null) == (jdbcUrl == null)) {
                throw new IllegalArgumentException("give exactly one of dataSource(...) or jdbcUrl(...)");
            }
            if (sweepInterval != null && (sweepInterval.isNegative() || sweepInterval.isZero())) {
                throw new IllegalArgumentException("sweepInterval must be positive, or null to disable");
            }
            try {
                return dataSource != null ? new HstoreKv(this, dataSource, null) : withOwnPool();
            } catch (RuntimeException e) {
                throw ours("opening the store", e);
            }
        }

        private HstoreKv withOwnPool() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(username);
            config.setPassword(password);
            config.setMaximumPoolSize(nearCaches.isEmpty() ? poolSize : poolSize + 1);
            config.setPoolName("hstore-kv");
            config.setConnectionTimeout(POOL_WAIT.toMillis());
            HikariDataSource pool = new HikariDataSource(config);
            try {
                return new HstoreKv(this, pool, pool);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
    }
}
