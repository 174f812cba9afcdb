package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Statements.Binding;
import io.hstorekv.internal.store.Statements.Reader;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL repository of one namespace's lists: one method per operation, each one statement
 * ({@link ListSql}). Takes and returns stored forms; validation is the facade's job.
 */
public final class ListStore {
    private final Statements statements;
    private final SqlErrors errors;
    private final boolean async;
    private final NamedStatement[] sql;
    private final KeyWaits waits;

    ListStore(Statements statements, SqlErrors errors, boolean async, String[] sql, KeyWaits waits) {
        this.statements = statements;
        this.waits = waits;
        this.errors = errors;
        this.async = async;
        this.sql = NamedStatement.parseAll(sql);
    }

    /** Blocked callers of this database (BLPOP and friends). */
    public KeyWaits waits() {
        return waits;
    }

    /**
     * Pushes the values one by one onto the head ({@code left}) or the tail; with {@code onlyExisting}
     * only onto a list that exists. Returns the new length (0: absent, nothing pushed).
     */
    public long push(String key, List<String> values, boolean left, boolean onlyExisting, Instant now) {
        return query(onlyExisting ? ListSql.PUSH_EXISTING : ListSql.PUSH,
                b -> b.text("key", key).texts("values", values).bool("left", left).time("now", now),
                rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Up to {@code count} items from one end, in pop order; null when the key is absent. */
    public List<String> pop(String key, long count, boolean left, Instant now) {
        return change(ListSql.POP, key, now, b -> b.number("count", count).bool("left", left),
                (items, n) -> strings(items));
    }

    /** LSET: 1 when set, 0 when the index is out of range, null when the key is absent. */
    public Long set(String key, long index, String value, Instant now) {
        return change(ListSql.LSET, key, now, b -> b.number("index", index).text("value", value), (items, n) -> n);
    }

    /** LTRIM; deletes the key when nothing is left. */
    public void trim(String key, long start, long stop, Instant now) {
        change(ListSql.TRIM, key, now, b -> b.number("start", start).number("stop", stop), (items, n) -> n);
    }

    /** LREM: how many went (0 when the key is absent). */
    public long remove(String key, long count, String value, Instant now) {
        Long n = change(ListSql.REMOVE, key, now, b -> b.number("count", count).text("value", value), (items, r) -> r);
        return n == null ? 0 : n;
    }

    /** LINSERT: the new length, -1 without the pivot, 0 when the key is absent. */
    public long insert(String key, boolean before, String pivot, String value, Instant now) {
        Long n = change(ListSql.INSERT, key, now,
                b -> b.bool("before", before).text("pivot", pivot).text("value", value), (items, r) -> r);
        return n == null ? 0 : n;
    }

    public long length(String key, Instant now) {
        Long n = readList(ListSql.LENGTH, key, now, null, rs -> rs.getLong(2));
        return n == null ? 0 : n;
    }

    /** LRANGE; empty when the key is absent. */
    public List<String> range(String key, long start, long stop, Instant now) {
        List<String> items = readList(ListSql.RANGE, key, now, b -> b.number("start", start).number("stop", stop),
                rs -> strings(rs.getArray(2)));
        return items == null ? List.of() : items;
    }

    /** LINDEX; null when absent or out of range. */
    public String index(String key, long index, Instant now) {
        return readList(ListSql.INDEX, key, now, b -> b.number("index", index), rs -> rs.getString(2));
    }

    /** LPOS's indexes (see {@link ListSql#POSITIONS}); empty when the key is absent. */
    public List<Long> positions(String key, String value, long rank, long count, long maxLength, Instant now) {
        List<Long> found = readList(ListSql.POSITIONS, key, now,
                b -> b.text("value", value).number("rank", rank).number("count", count).number("maxlen", maxLength),
                rs -> {
                    List<Long> indexes = new ArrayList<>();
                    for (Long index : (Long[]) rs.getArray(2).getArray()) {
                        indexes.add(index);
                    }
                    return indexes;
                });
        return found == null ? List.of() : found;
    }

    /** Reads a {@code list_change}'s items and count. */
    @FunctionalInterface
    private interface ChangeReader<T> {
        T read(Array items, long n) throws SQLException;
    }

    /** Runs a locking write ({@link ListSql#changing}); null when the key is absent. */
    private <T> T change(ListSql statement, String key, Instant now, Binding extra, ChangeReader<T> result) {
        return query(statement, b -> extra.bind(b.text("key", key).time("now", now)),
                rs -> rs.next() ? result.read(rs.getArray(1), rs.getLong(2)) : null);
    }

    /** One-row read of (type, payload): null when absent, WRONGTYPE when the key holds another type. */
    private <T> T readList(ListSql statement, String key, Instant now, Binding extra, Reader<T> payload) {
        return query(statement, b -> {
            b.text("key", key).time("now", now);
            return extra == null ? b : extra.bind(b);
        }, rs -> {
            if (!rs.next()) {
                return null;
            }
            if (!EntryType.LIST.is(rs.getString(1))) {
                throw errors.failure(Failure.WRONG_TYPE, null, null);
            }
            return payload.read(rs);
        });
    }

    private <T> T query(ListSql statement, Binding binding, Reader<T> reader) {
        return statements.run(sql[statement.ordinal()], async, binding, reader);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
