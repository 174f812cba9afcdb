package io.hstorekv.store;

import io.hstorekv.WrongTypeException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The SQL repository of one namespace: one method per operation, each one statement. Takes and
 * returns stored forms (see {@link ValueCodec}); validation and encoding are the facade's job.
 * {@code now} is passed in by the caller so that the clock can be injected.
 */
public final class EntryStore {
    public static final String STRING = "string";
    public static final String HASH = "hash";
    public static final String SET = "set";

    private static final int RETRIES = 5;

    private final Jdbi jdbi;
    private final String[] sql;

    EntryStore(Jdbi jdbi, String[] sql) {
        this.jdbi = jdbi;
        this.sql = sql;
    }

    // ---- strings

    public String get(String key, Instant now) {
        return readTyped(Sql.GET, key, STRING, now, rs -> rs.getString(2), null);
    }

    /** Live string values by key; keys absent or holding another type are missing from the map. */
    public Map<String, String> getMany(List<String> keys, Instant now) {
        return run(h -> h.createQuery(sql(Sql.GET_MANY))
                .bindArray("keys", String.class, keys).bind("now", now)
                .reduceResultSet(new HashMap<String, String>(), (map, rs, ctx) -> {
                    if (STRING.equals(rs.getString(2))) {
                        map.put(rs.getString(1), rs.getString(3));
                    }
                    return map;
                }));
    }

    /** The value and its version, or null when absent. */
    public Versioned getVersioned(String key, Instant now) {
        return readTyped(Sql.GET_VERSIONED, key, STRING, now,
                rs -> new Versioned(rs.getString(2), rs.getLong(3)), null);
    }

    public void set(String key, String value, Instant expiresAt, Instant now) {
        run(h -> h.createUpdate(sql(Sql.SET))
                .bind("key", key).bind("value", value).bind("expiresAt", expiresAt).bind("now", now)
                .execute());
    }

    /** SET with options; returns whether it wrote, and the previous value when asked for. */
    public SetOutcome set(String key, String value, Instant expiresAt, boolean keepTtl, boolean ifAbsent,
                          boolean ifPresent, boolean returnPrevious, Instant now) {
        return run(h -> h.createQuery(sql(Sql.SET_WITH_OPTIONS))
                .bind("key", key).bind("value", value).bind("expiresAt", expiresAt)
                .bind("keepTtl", keepTtl).bind("ifAbsent", ifAbsent).bind("ifPresent", ifPresent)
                .bind("returnPrevious", returnPrevious).bind("now", now)
                .map((rs, ctx) -> new SetOutcome(rs.getLong(1) > 0, rs.getString(2)))
                .one());
    }

    /** Sets many keys, no TTL; keys must be distinct and sorted (lock order). */
    public void setMany(List<String> keys, List<String> values, Instant now) {
        run(h -> h.createUpdate(sql(Sql.SET_MANY))
                .bindArray("keys", String.class, keys).bindArray("values", String.class, values)
                .bind("now", now).execute());
    }

    public boolean compareAndSet(String key, long version, String value, Instant expiresAt, Instant now) {
        return run(h -> h.createUpdate(sql(Sql.COMPARE_AND_SET))
                .bind("key", key).bind("version", version).bind("value", value)
                .bind("expiresAt", expiresAt).bind("now", now).execute()) > 0;
    }

    /** Deletes keys (distinct, sorted); returns how many of them were live. */
    public long delete(List<String> keys, Instant now) {
        return run(h -> h.createQuery(sql(Sql.DELETE))
                .bindArray("keys", String.class, keys).bind("now", now).mapTo(Long.class).one());
    }

    public long countExisting(List<String> keys, Instant now) {
        return run(h -> h.createQuery(sql(Sql.COUNT_EXISTING))
                .bindArray("keys", String.class, keys).bind("now", now).mapTo(Long.class).one());
    }

    public long increment(String key, long delta, Instant now) {
        return run(h -> h.createQuery(sql(Sql.INCREMENT))
                .bind("key", key).bind("delta", delta).bind("now", now).mapTo(Long.class).one());
    }

    public BigDecimal incrementFloat(String key, BigDecimal delta, Instant now) {
        return run(h -> h.createQuery(sql(Sql.INCREMENT_FLOAT))
                .bind("key", key).bind("delta", delta).bind("now", now)
                .map((rs, ctx) -> new BigDecimal(rs.getString(1))).one());
    }

    /** Appends; returns the new length in bytes. */
    public long append(String key, String value, long maxBytes, Instant now) {
        return run(h -> h.createQuery(sql(Sql.APPEND))
                .bind("key", key).bind("value", value).bind("maxBytes", maxBytes).bind("now", now)
                .mapTo(Long.class).one());
    }

    public long strlen(String key, Instant now) {
        Long length = readTyped(Sql.STRLEN, key, STRING, now, rs -> rs.getLong(2), null);
        return length == null ? 0 : length;
    }

    // ---- keys

    /** The key's type (string, hash, set), or null when absent. */
    public String type(String key, Instant now) {
        return run(h -> h.createQuery(sql(Sql.TYPE)).bind("key", key).bind("now", now)
                .mapTo(String.class).findOne().orElse(null));
    }

    /** Whether the key is live, and its expiry (null: none). */
    public Expiry expiry(String key, Instant now) {
        return run(h -> h.createQuery(sql(Sql.EXPIRES_AT)).bind("key", key).bind("now", now)
                .map((rs, ctx) -> new Expiry(timestamp(rs, 1)))
                .findOne().orElse(null));
    }

    /** Sets (or with null and "PERSIST", clears) the expiry under a Redis condition; true if changed. */
    public boolean setExpiry(String key, Instant expiresAt, String condition, Instant now) {
        return run(h -> h.createUpdate(sql(Sql.SET_EXPIRY))
                .bind("key", key).bind("expiresAt", expiresAt).bind("condition", condition)
                .bind("now", now).execute()) > 0;
    }

    public RenameOutcome rename(String source, String target, boolean ifAbsent, Instant now) {
        return run(h -> h.createQuery(sql(Sql.RENAME))
                .bind("source", source).bind("target", target).bind("ifAbsent", ifAbsent).bind("now", now)
                .map((rs, ctx) -> rs.getLong(1) > 0 ? RenameOutcome.RENAMED
                        : rs.getBoolean(2) ? RenameOutcome.TARGET_EXISTS : RenameOutcome.NO_SUCH_KEY)
                .one());
    }

    public long count(Instant now) {
        return run(h -> h.createQuery(sql(Sql.COUNT)).bind("now", now).mapTo(Long.class).one());
    }

    /**
     * Looks at up to {@code count} keys after {@code after} (from {@code prefix} on) and returns the
     * live ones matching the regex (and type, if given), with the last key looked at as the cursor.
     */
    public ScanResult scan(String after, String prefix, String regex, String type, int count, Instant now) {
        return run(h -> h.createQuery(sql(Sql.SCAN))
                .bind("after", after).bind("prefix", prefix).bind("regex", regex).bind("type", type)
                .bind("count", count).bind("now", now)
                .reduceResultSet(new ScanResult(new ArrayList<>(), null, 0), (page, rs, ctx) -> {
                    String key = rs.getString(1);
                    if (rs.getBoolean(2)) {
                        page.keys().add(key);
                    }
                    return new ScanResult(page.keys(), key, page.examined() + 1);
                }));
    }

    public void flush() {
        run(h -> h.execute(sql(Sql.FLUSH)));
    }

    public List<String> findContaining(List<String> fields, List<String> values, int limit, Instant now) {
        return run(h -> h.createQuery(sql(Sql.FIND_CONTAINING))
                .bindArray("fields", String.class, fields).bindArray("values", String.class, values)
                .bind("limit", limit).bind("now", now).mapTo(String.class).list());
    }

    // ---- hashes and sets (type is HASH or SET)

    /** All pairs as a flat array k1, v1, k2, v2...; null when absent. */
    public String[] fieldsAll(String key, String type, Instant now) {
        return readTyped(Sql.FIELDS_ALL, key, type, now, rs -> strings(rs.getArray(2)), null);
    }

    public String fieldGet(String key, String field, Instant now) {
        return readTyped(Sql.FIELD_GET, key, HASH, now, rs -> rs.getString(2), q -> q.bind("field", field));
    }

    public String[] fieldsGet(String key, List<String> fields, Instant now) {
        return readTyped(Sql.FIELDS_GET, key, HASH, now, rs -> strings(rs.getArray(2)),
                q -> q.bindArray("fields", String.class, fields));
    }

    public Boolean[] fieldsExist(String key, String type, List<String> fields, Instant now) {
        return readTyped(Sql.FIELDS_EXIST, key, type, now, rs -> (Boolean[]) rs.getArray(2).getArray(),
                q -> q.bindArray("fields", String.class, fields));
    }

    public String[] fieldNames(String key, String type, Instant now) {
        return readTyped(Sql.FIELD_NAMES, key, type, now, rs -> strings(rs.getArray(2)), null);
    }

    public String[] fieldValues(String key, Instant now) {
        return readTyped(Sql.FIELD_VALUES, key, HASH, now, rs -> strings(rs.getArray(2)), null);
    }

    public long fieldCount(String key, String type, Instant now) {
        Long n = readTyped(Sql.FIELD_COUNT, key, type, now, rs -> rs.getLong(2), null);
        return n == null ? 0 : n;
    }

    /** Merges pairs (set members have null values); fields distinct. Returns how many were new. */
    public long fieldsPut(String key, String type, List<String> fields, List<String> values, boolean onlyNew,
                          Instant now) {
        return run(h -> h.createQuery(sql(Sql.FIELDS_PUT))
                .bind("key", key).bind("type", type).bind("onlyNew", onlyNew)
                .bindArray("fields", String.class, fields).bindArray("values", String.class, values)
                .bind("now", now).mapTo(Long.class).findOne().orElse(0L));
    }

    /** Removes fields; deletes the key when none are left. Returns how many were removed. */
    public long fieldsRemove(String key, String type, List<String> fields, Instant now) {
        return run(h -> h.createQuery(sql(Sql.FIELDS_REMOVE))
                .bind("key", key).bind("type", type).bindArray("fields", String.class, fields)
                .bind("now", now).mapTo(Long.class).one());
    }

    public long fieldIncrement(String key, String field, long delta, Instant now) {
        return run(h -> h.createQuery(sql(Sql.FIELD_INCREMENT))
                .bind("key", key).bind("field", field).bind("delta", delta).bind("now", now)
                .mapTo(Long.class).one());
    }

    public BigDecimal fieldIncrementFloat(String key, String field, BigDecimal delta, Instant now) {
        return run(h -> h.createQuery(sql(Sql.FIELD_INCREMENT_FLOAT))
                .bind("key", key).bind("field", field).bind("delta", delta).bind("now", now)
                .map((rs, ctx) -> new BigDecimal(rs.getString(1))).one());
    }

    // ---- plumbing

    public record Versioned(String value, long version) {}

    public record SetOutcome(boolean written, String previous) {}

    public record Expiry(Instant expiresAt) {}

    public record ScanResult(List<String> keys, String lastExamined, int examined) {}

    public enum RenameOutcome { RENAMED, NO_SUCH_KEY, TARGET_EXISTS }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** One-row read of (type, payload): null when absent, WRONGTYPE when the key holds another type. */
    private <T> T readTyped(Sql statement, String key, String type, Instant now, Column<T> payload,
                            Function<org.jdbi.v3.core.statement.Query, SqlStatement<?>> extraBindings) {
        return run(h -> {
            var query = h.createQuery(sql(statement)).bind("key", key).bind("now", now);
            if (extraBindings != null) {
                extraBindings.apply(query);
            }
            return query.reduceResultSet((T) null, (previous, rs, ctx) -> {
                if (!type.equals(rs.getString(1))) {
                    throw new WrongTypeException();
                }
                return payload.read(rs);
            });
        });
    }

    private String sql(Sql statement) {
        return sql[statement.ordinal()];
    }

    /**
     * Runs one statement on a pooled connection. A statement that deadlocked or met a concurrent
     * change it cannot merge (HK010) was rolled back whole, so running it again is safe.
     */
    private <T> T run(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.withHandle(work::apply);
            } catch (JdbiException e) {
                String state = SqlErrors.state(e);
                boolean retryable = SqlErrors.DEADLOCK.equals(state) || SqlErrors.CONCURRENT_CHANGE.equals(state);
                if (!retryable || attempt == RETRIES) {
                    throw SqlErrors.translate(e);
                }
            }
        }
    }

    private static Instant timestamp(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }
}
