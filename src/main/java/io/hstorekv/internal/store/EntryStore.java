package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Statements.Binding;
import io.hstorekv.internal.store.Statements.Reader;
import io.hstorekv.util.Utf8;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The SQL repository of one namespace: one method per operation, each one statement. Takes and
 * returns stored forms (see {@link StoredForm}); validation and encoding are the facade's job.
 * {@code now} is passed in by the caller so that the clock can be injected.
 */
public final class EntryStore {
    private final Connections connections;
    private final Statements statements;
    private final KeyLocks locks;
    private final boolean async;
    private final boolean groupCommit;
    private final NamedStatement[] sql;
    private final ListStore lists;
    private final Coalescer<Get, Lookup> gets = new Coalescer<>(this::getBatch);
    /** Durable SET batches in flight at once: their commits' disk flushes overlap (async commits do not wait for one). */
    private static final int DURABLE_SETS_IN_FLIGHT = 4;

    private final Coalescer<Put, Void> sets;

    private record Get(String key, Instant now) {}

    /** Keys (distinct) with their values, written together: one SET, or a pipelined run of SETs, or MSET. */
    private record Put(List<String> keys, List<String> values, Instant now) {}

    EntryStore(Connections connections, Statements statements, KeyLocks locks, boolean async, boolean groupCommit,
               String[] sql, ListStore lists) {
        this.connections = connections;
        this.locks = locks;
        this.lists = lists;
        this.statements = statements;
        this.async = async;
        this.groupCommit = groupCommit;
        // Set batches take their keys in lock order, so batches in flight together cannot deadlock.
        this.sets = new Coalescer<>(this::setBatch, async ? 1 : DURABLE_SETS_IN_FLIGHT, put -> put.keys().size());
        this.sql = NamedStatement.parseAll(sql);
    }

    /** The same namespace's lists. */
    public ListStore lists() {
        return lists;
    }

    // ---- strings

    /**
     * GET. With group commit on, concurrent callers share one {@code = ANY} query (outside a
     * transaction: inside one, the statement must run on the transaction's connection).
     */
    public String get(String key, Instant now) {
        if (!groupCommit || connections.transactionActive()) {
            return readTyped(Sql.GET, key, EntryType.STRING, now, null, rs -> rs.getString(2));
        }
        Lookup found = gets.submit(new Get(key, now));
        if (found == null) {
            return null;
        }
        if (found.type() != EntryType.STRING) {
            throw wrongType();
        }
        return found.value();
    }

    private List<Lookup> getBatch(List<Get> batch) {
        List<String> keys = new ArrayList<>(batch.size());
        batch.forEach(g -> keys.add(g.key()));
        Map<String, Lookup> found = lookupMany(keys, latest(batch, Get::now));
        List<Lookup> results = new ArrayList<>(batch.size());
        batch.forEach(g -> results.add(found.get(g.key())));
        return results;
    }

    /** Keys go in lock order; the last value of a key named twice wins, as if run in queue order. */
    private List<Void> setBatch(List<Put> batch) {
        TreeMap<String, String> sorted = new TreeMap<>(Utf8::compare);
        for (Put p : batch) {
            for (int i = 0; i < p.keys().size(); i++) {
                sorted.put(p.keys().get(i), p.values().get(i));
            }
        }
        writeMany(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()), latest(batch, Put::now));
        return Collections.nCopies(batch.size(), null);
    }

    /** A batch runs at the latest of its callers' clocks. */
    private static <T> Instant latest(List<T> batch, Function<T, Instant> now) {
        Instant latest = now.apply(batch.get(0));
        for (T t : batch) {
            Instant i = now.apply(t);
            if (i.isAfter(latest)) {
                latest = i;
            }
        }
        return latest;
    }

    /** Type and string value (null for hashes and sets) of each live key among these. */
    public Map<String, Lookup> lookupMany(List<String> keys, Instant now) {
        return query(Sql.GET_MANY, b -> b.texts("keys", keys).time("now", now), rs -> {
            Map<String, Lookup> map = new HashMap<>();
            while (rs.next()) {
                map.put(rs.getString(1), new Lookup(EntryType.of(rs.getString(2)), rs.getString(3)));
            }
            return map;
        });
    }

    /** The value and its version, or null when absent. */
    public Versioned getVersioned(String key, Instant now) {
        return readTyped(Sql.GET_VERSIONED, key, EntryType.STRING, now, null, rs -> new Versioned(rs.getString(2), rs.getLong(3)));
    }

    /** SET; a plain one (no TTL) goes through group commit when it is on: one upsert for many callers. */
    public void set(String key, String value, Instant expiresAt, Instant now) {
        if (groupCommit && expiresAt == null && !connections.transactionActive()) {
            sets.submit(new Put(List.of(key), List.of(value), now));
            return;
        }
        update(Sql.SET, b -> b.text("key", key).text("value", value).time("expiresAt", expiresAt).time("now", now));
    }

    /** SET with options; returns whether it wrote, and the previous value when asked for. */
    public SetOutcome set(String key, String value, Instant expiresAt, boolean keepTtl, boolean ifAbsent,
                          boolean ifPresent, boolean returnPrevious, Instant now) {
        return query(Sql.SET_WITH_OPTIONS, b -> b.text("key", key).text("value", value).time("expiresAt", expiresAt)
                        .bool("keepTtl", keepTtl).bool("ifAbsent", ifAbsent).bool("ifPresent", ifPresent)
                        .bool("returnPrevious", returnPrevious).time("now", now),
                rs -> {
                    rs.next();
                    return new SetOutcome(rs.getLong(1) > 0, rs.getString(2));
                });
    }

    /**
     * Sets many keys, no TTL, all in one statement; keys must be distinct and sorted (lock order).
     * With group commit on, that statement is shared with concurrent callers' SETs.
     */
    public void setMany(List<String> keys, List<String> values, Instant now) {
        if (groupCommit && !connections.transactionActive()) {
            sets.submit(new Put(keys, values, now));
            return;
        }
        writeMany(keys, values, now);
    }

    /** The statement of {@link #setMany}, run now on this thread. */
    private void writeMany(List<String> keys, List<String> values, Instant now) {
        update(Sql.SET_MANY, b -> b.texts("keys", keys).texts("values", values).time("now", now));
    }

    /** MSETNX: writes all (no TTL) only if none is live; keys distinct and sorted. */
    public boolean setManyIfAbsent(List<String> keys, List<String> values, Instant now) {
        try {
            update(Sql.SET_MANY_IF_ABSENT, b -> b.texts("keys", keys).texts("values", values).time("now", now));
            return true;
        } catch (SqlErrors.KeyExists exists) {
            return false;
        }
    }

    /** GETDEL: the string value (null when absent), deleted. */
    public String getAndDelete(String key, Instant now) {
        return query(Sql.GET_DELETE, b -> b.text("key", key).time("now", now), rs -> rs.next() ? rs.getString(1) : null);
    }

    /** GETEX: the string value (null when absent), its expiry set to {@code expiresAt} or cleared. */
    public String getAndExpire(String key, Instant expiresAt, boolean persist, Instant now) {
        return query(Sql.GET_EXPIRE, b -> b.text("key", key).time("expiresAt", expiresAt).bool("persist", persist)
                .time("now", now), rs -> rs.next() ? rs.getString(1) : null);
    }

    /**
     * Locks the key's row until the calling transaction ends, so that a read, a computation in Java
     * and a write act as one command (SETRANGE, SPOP). An absent key has no row to lock.
     */
    public void lock(String key) {
        query(Sql.LOCK, b -> b.text("key", key), rs -> rs.next());
    }

    /** The key's version, 0 when absent; inside a transaction that needs it the row stays locked (WATCH). */
    public long watchToken(String key, Instant now) {
        Sql sql = connections.rowLocksNeeded() ? Sql.WATCH_TOKEN_LOCKED : Sql.WATCH_TOKEN;
        return query(sql, b -> b.text("key", key).time("now", now), rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** The advisory locks of these keys, for {@link Connections#inLockedTransaction}. */
    public int[] lockIds(Collection<String> keys) {
        return locks.ids(keys);
    }

    public String randomKey(Instant now) {
        return queryString(Sql.RANDOM_KEY, b -> b.time("now", now));
    }

    public boolean compareAndSet(String key, long version, String value, Instant expiresAt, Instant now) {
        return update(Sql.COMPARE_AND_SET, b -> b.text("key", key).number("version", version).text("value", value)
                .time("expiresAt", expiresAt).time("now", now)) > 0;
    }

    /** Deletes keys (distinct, sorted); returns how many of them were live. */
    public long delete(List<String> keys, Instant now) {
        return queryLong(Sql.DELETE, b -> b.texts("keys", keys).time("now", now));
    }

    public long countExisting(List<String> keys, Instant now) {
        return queryLong(Sql.COUNT_EXISTING, b -> b.texts("keys", keys).time("now", now));
    }

    public long increment(String key, long delta, Instant now) {
        return queryLong(Sql.INCREMENT, b -> b.text("key", key).number("delta", delta).time("now", now));
    }

    public BigDecimal incrementFloat(String key, BigDecimal delta, Instant now) {
        return new BigDecimal(queryString(Sql.INCREMENT_FLOAT, b -> b.text("key", key).decimal("delta", delta).time("now", now)));
    }

    /** Appends; returns the new length in bytes. */
    public long append(String key, String value, long maxBytes, Instant now) {
        return queryLong(Sql.APPEND, b -> b.text("key", key).text("value", value).number("maxBytes", maxBytes)
                .time("now", now));
    }

    public long strlen(String key, Instant now) {
        Long length = readTyped(Sql.STRLEN, key, EntryType.STRING, now, null, rs -> rs.getLong(2));
        return length == null ? 0 : length;
    }

    // ---- keys

    /** The key's type, or null when absent. */
    public EntryType type(String key, Instant now) {
        return EntryType.of(queryString(Sql.TYPE, b -> b.text("key", key).time("now", now)));
    }

    /** Whether the key is live (non-null result), and its expiry (null inside: none). */
    public Expiry expiry(String key, Instant now) {
        return query(Sql.EXPIRES_AT, b -> b.text("key", key).time("now", now),
                rs -> rs.next() ? new Expiry(timestamp(rs, 1)) : null);
    }

    /** Sets (or with null and {@link ExpiryCondition#PERSIST}, clears) the expiry under a condition; true if changed. */
    public boolean setExpiry(String key, Instant expiresAt, ExpiryCondition condition, Instant now) {
        return update(Sql.SET_EXPIRY, b -> b.text("key", key).time("expiresAt", expiresAt).text("condition", condition.name())
                .time("now", now)) > 0;
    }

    public RenameOutcome rename(String source, String target, boolean ifAbsent, Instant now) {
        return query(Sql.RENAME, b -> b.text("source", source).text("target", target).bool("ifAbsent", ifAbsent)
                        .time("now", now),
                rs -> {
                    rs.next();
                    return rs.getLong(1) > 0 ? RenameOutcome.RENAMED
                            : rs.getBoolean(2) ? RenameOutcome.TARGET_EXISTS : RenameOutcome.NO_SUCH_KEY;
                });
    }

    public long count(Instant now) {
        return queryLong(Sql.COUNT, b -> b.time("now", now));
    }

    /**
     * Looks at up to {@code count} keys after {@code after} (from it on when not {@code exclusive}),
     * from {@code prefix} on, and returns the live ones (of the type, if given), with the last key
     * looked at as the cursor.
     */
    public ScanResult scan(String after, boolean exclusive, String prefix, EntryType type, int count, Instant now) {
        return query(Sql.SCAN, b -> b.text("after", after).bool("exclusive", exclusive).text("prefix", prefix)
                        .text("type", type == null ? null : type.stored).number("count", count).time("now", now),
                rs -> {
                    List<String> keys = new ArrayList<>();
                    String last = null;
                    int examined = 0;
                    while (rs.next()) {
                        last = rs.getString(1);
                        examined++;
                        if (rs.getBoolean(2)) {
                            keys.add(last);
                        }
                    }
                    return new ScanResult(keys, last, examined);
                });
    }

    /** Deletes every key: TRUNCATE of the partition, then the sorted sets' members, in one transaction. */
    public void flush() {
        connections.inTransaction(() -> {
            update(Sql.FLUSH, b -> b);
            return update(Sql.FLUSH_SORTED_SET_MEMBERS, b -> b);
        });
    }

    public List<String> findContaining(List<String> fields, List<String> values, int limit, Instant now) {
        return query(Sql.FIND_CONTAINING, b -> b.texts("fields", fields).texts("values", values)
                        .number("limit", limit).time("now", now),
                rs -> {
                    List<String> keys = new ArrayList<>();
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                    return keys;
                });
    }

    // ---- hashes and sets (type is HASH or SET)

    /** Field names (members) per live key; WRONGTYPE if any of the keys holds another type. */
    public Map<String, String[]> fieldNamesMany(List<String> keys, EntryType type, Instant now) {
        return query(Sql.FIELD_NAMES_MANY, b -> b.texts("keys", keys).time("now", now), rs -> {
            Map<String, String[]> found = new HashMap<>();
            while (rs.next()) {
                if (!type.is(rs.getString(2))) {
                    throw wrongType();
                }
                found.put(rs.getString(1), strings(rs.getArray(3)));
            }
            return found;
        });
    }

    /** Byte length of a hash field's value; 0 when absent. */
    public long fieldLength(String key, String field, Instant now) {
        Long n = readTyped(Sql.FIELD_LENGTH, key, EntryType.HASH, now, b -> b.text("field", field), rs -> rs.getLong(2));
        return n == null ? 0 : n;
    }

    /** All pairs as a flat array k1, v1, k2, v2...; null when absent. */
    public String[] fieldsAll(String key, EntryType type, Instant now) {
        return readTyped(Sql.FIELDS_ALL, key, type, now, null, rs -> strings(rs.getArray(2)));
    }

    public String fieldGet(String key, String field, Instant now) {
        return readTyped(Sql.FIELD_GET, key, EntryType.HASH, now, b -> b.text("field", field), rs -> rs.getString(2));
    }

    public String[] fieldsGet(String key, List<String> fields, Instant now) {
        return readTyped(Sql.FIELDS_GET, key, EntryType.HASH, now, b -> b.texts("fields", fields), rs -> strings(rs.getArray(2)));
    }

    public Boolean[] fieldsExist(String key, EntryType type, List<String> fields, Instant now) {
        return readTyped(Sql.FIELDS_EXIST, key, type, now, b -> b.texts("fields", fields),
                rs -> (Boolean[]) rs.getArray(2).getArray());
    }

    public String[] fieldNames(String key, EntryType type, Instant now) {
        return readTyped(Sql.FIELD_NAMES, key, type, now, null, rs -> strings(rs.getArray(2)));
    }

    public String[] fieldValues(String key, Instant now) {
        return readTyped(Sql.FIELD_VALUES, key, EntryType.HASH, now, null, rs -> strings(rs.getArray(2)));
    }

    public long fieldCount(String key, EntryType type, Instant now) {
        Long n = readTyped(Sql.FIELD_COUNT, key, type, now, null, rs -> rs.getLong(2));
        return n == null ? 0 : n;
    }

    /** Merges pairs (set members have null values); fields distinct. Returns how many were new. */
    public long fieldsPut(String key, EntryType type, List<String> fields, List<String> values, boolean onlyNew,
                          Instant now) {
        return query(Sql.FIELDS_PUT, b -> b.text("key", key).text("type", type.stored).bool("onlyNew", onlyNew)
                        .texts("fields", fields).texts("values", values).time("now", now),
                rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Removes fields; deletes the key when none are left. Returns how many were removed. */
    public long fieldsRemove(String key, EntryType type, List<String> fields, Instant now) {
        return queryLong(Sql.FIELDS_REMOVE, b -> b.text("key", key).text("type", type.stored).texts("fields", fields)
                .time("now", now));
    }

    public long fieldIncrement(String key, String field, long delta, Instant now) {
        return queryLong(Sql.FIELD_INCREMENT, b -> b.text("key", key).text("field", field).number("delta", delta)
                .time("now", now));
    }

    public BigDecimal fieldIncrementFloat(String key, String field, BigDecimal delta, Instant now) {
        return new BigDecimal(queryString(Sql.FIELD_INCREMENT_FLOAT, b -> b.text("key", key).text("field", field)
                .decimal("delta", delta).time("now", now)));
    }

    // ---- plumbing

    public record Versioned(String value, long version) {}

    public record Lookup(EntryType type, String value) {}

    public record SetOutcome(boolean written, String previous) {}

    public record Expiry(Instant expiresAt) {}

    public record ScanResult(List<String> keys, String lastExamined, int examined) {}

    public enum RenameOutcome { RENAMED, NO_SUCH_KEY, TARGET_EXISTS }

    /** One-row read of (type, payload): null when absent, WRONGTYPE when the key holds another type. */
    private <T> T readTyped(Sql sql, String key, EntryType type, Instant now, Binding extra, Reader<T> payload) {
        return query(sql, b -> {
            b.text("key", key).time("now", now);
            return extra == null ? b : extra.bind(b);
        }, rs -> {
            if (!rs.next()) {
                return null;
            }
            if (!type.is(rs.getString(1))) {
                throw wrongType();
            }
            return payload.read(rs);
        });
    }

    private RuntimeException wrongType() {
        return connections.errors().failure(Failure.WRONG_TYPE, null, null);
    }

    private long queryLong(Sql sql, Binding binding) {
        return query(sql, binding, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private String queryString(Sql sql, Binding binding) {
        return query(sql, binding, rs -> rs.next() ? rs.getString(1) : null);
    }

    private int update(Sql sql, Binding binding) {
        return statements.run(this.sql[sql.ordinal()], async, binding, null);
    }

    private <T> T query(Sql sql, Binding binding, Reader<T> reader) {
        return statements.run(this.sql[sql.ordinal()], async, binding, reader);
    }

    private static Instant timestamp(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }
}
