/**
 * The repository layer: every SQL statement the store runs, per namespace partition
 * ({@link io.hstorekv.internal.store.EntryStore}, {@link io.hstorekv.internal.store.Sql}), the schema and migrations
 * ({@link io.hstorekv.internal.store.Database}), and the change feed behind the near caches
 * ({@link io.hstorekv.internal.store.ChangeFeed}).
 *
 * <h2>Running SQL</h2>
 * Every statement goes through {@link io.hstorekv.internal.store.Statements} (the change feed,
 * on its dedicated connection, excepted): plain JDBC, named parameters turned into positional ones
 * by {@link io.hstorekv.internal.store.NamedStatement} (per-namespace statements once, when the
 * namespace opens), on the calling thread's transaction, a pooled connection, or a transaction of
 * the store's own; transactions begin and end in {@link io.hstorekv.internal.store.Connections}.
 * Statements that embed a user's SQL (table imports) run unparameterized, their values inlined as
 * literals. Failures leave as {@link io.hstorekv.internal.store.Failure} kinds, by
 * {@link io.hstorekv.internal.store.SqlState}; the API maps them to its exceptions. The API and the
 * store speak in the store's enums ({@code EntryType}, {@code ExpiryCondition},
 * {@code NamespaceDurability}, {@code ConflictMode}), never in the API's types.
 *
 * <h2>Near-cache coherence: the change log and the feed</h2>
 * <b>Change log.</b> An UNLOGGED table {@code changes(seq, tx xid8, ns, keys text[], at)} with one
 * index, on {@code tx}. Once some instance caches a namespace ({@code namespaces.change_log}, turned
 * on for good under a lock that waits for the writes in flight), every write statement of every
 * instance appends one row with the keys it may have changed, in a CTE of the same statement
 * ({@link io.hstorekv.internal.store.Sql}: {@code {logged(...)}}), so the row commits or rolls back with the
 * write and costs no extra round trip. Raw SQL through the parent {@code entries} is logged by
 * statement-level triggers with transition tables on the parent (a statement on the parent fires
 * only the parent's statement triggers); a TRUNCATE, of the parent or of a partition, by TRUNCATE
 * triggers, as {@code keys = NULL} (the whole namespace). The partitions have no DML triggers: a
 * statement trigger costs every write about 10% even when it only checks that there is nothing to
 * do, so statements aimed straight at a partition by hand are not seen (the README says so). The
 * row carries the writing transaction's id, {@code pg_current_xact_id()}. Being UNLOGGED it costs
 * no WAL and no fsync. Every store deletes rows older than ten minutes about once a minute
 * (whether or not its expiry sweeper runs), finding them by {@code tx}.
 *
 * <p><b>Feed.</b> One daemon thread per store with near caches polls the log (every 10 ms by
 * default) on a dedicated connection in autocommit, taken from the store's
 * {@link javax.sql.DataSource} (with all its settings) and held for good. Sequence
 * numbers are drawn before commit, so they commit out of order: a poll cannot resume "after the last
 * seq". It keeps a <em>horizon</em> instead, the {@code xmin} of the previous poll's snapshot
 * ({@code pg_snapshot_xmin(pg_current_snapshot())}): every transaction below it had finished when
 * that poll ran, so its rows were visible to that poll (or rolled back). Each poll reads all rows
 * with {@code tx >= horizon} plus its own snapshot's xmin in one statement, skips seqs it already
 * applied (kept while their tx is at or above the horizon), invalidates the keys (or the whole
 * namespace) in the namespace's cache, and moves the horizon up.
 *
 * <p><b>What is cached</b> (per key, in {@code io.hstorekv.internal.near.NearCache}): a string's value, a small
 * hash whole (at most 64 KiB as stored), any other type as just its type, or the key's absence;
 * never past the row's {@code expires_at}.
 *
 * <p><b>Bound on staleness.</b> A write committed elsewhere (another instance, raw SQL, the
 * sweeper) leaves the caches within one poll interval plus one poll query. A write through the
 * same {@link io.hstorekv.Namespace} is dropped locally as soon as its statement returns
 * (read-your-writes), and again when the enclosing transaction ends. A load cannot cache a value
 * made stale by an invalidation that arrived while it was in flight (the invalidation cancels the
 * cache's single-flight load; see {@code NearCache}).
 *
 * <p><b>Failures.</b> Any error on the feed connection (a killed backend, a restart, a network
 * error, a 5 s network timeout) flushes every near cache at once and marks the feed down: reads go
 * to PostgreSQL until it has reconnected and taken a fresh horizon, then caching resumes. Caches
 * also stop serving, without being flushed, while the last successful poll started more than
 * {@code max(1 s, 20 x interval)} ago (a hanging poll), so no read is ever served from memory more
 * than that bound after a change committed. Transactions ({@code inTransaction}) bypass the caches.
 */
package io.hstorekv.internal.store;
