package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.near.KeyWrites;
import io.hstorekv.internal.store.Connections;
import io.hstorekv.internal.store.ListStore;
import io.hstorekv.internal.store.StoredForm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Lists of values (text or bytes) with Redis's semantics: pushes and pops at both ends, indexes
 * from the head (0) or, negative, from the tail (-1). A list whose last item goes is deleted; an
 * absent key reads as an empty list. Items live in {@code hstorekv.list_items} (in SQL, the view
 * {@code hstorekv.list_elements} shows them in order). Every operation is one statement, except the
 * moves (two, in one transaction). Obtain from {@link Namespace#lists()}.
 *
 * <p>The blocking pops ({@link #popBlocking}, {@link #moveBlocking}) wait without polling and are
 * woken by a push from any connection of any instance on the same database.
 */
public final class Lists {
    private final String namespace;
    private final ListStore store;
    private final Limits limits;
    private final Clock clock;
    private final Connections transactions;
    /** Tells the near cache of every key a write touched (a push replaces an expired key of any type). */
    private final KeyWrites writes;

    Lists(String namespace, ListStore store, Limits limits, Clock clock, Connections transactions, KeyWrites writes) {
        this.namespace = namespace;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.transactions = transactions;
        this.writes = writes;
    }

    /** Pushes the values one by one onto that end (LPUSH, RPUSH), creating the list; returns its length. */
    public long push(String key, ListEnd end, String... values) {
        return pushStored(key, end, stored(values, limits::value), false);
    }

    /** {@link #push} for bytes. */
    public long pushBytes(String key, ListEnd end, List<byte[]> values) {
        return pushStored(key, end, stored(values, limits::value), false);
    }

    /** Pushes only onto an existing list (LPUSHX, RPUSHX); returns its length, 0 when absent. */
    public long pushIfExists(String key, ListEnd end, String... values) {
        return pushStored(key, end, stored(values, limits::value), true);
    }

    /** {@link #pushIfExists} for bytes. */
    public long pushBytesIfExists(String key, ListEnd end, List<byte[]> values) {
        return pushStored(key, end, stored(values, limits::value), true);
    }

    private long pushStored(String key, ListEnd end, List<String> values, boolean onlyExisting) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("at least one value is required");
        }
        String k = limits.key(key);
        long length = writes.write(k, () -> store.push(k, values, end == ListEnd.LEFT, onlyExisting, now()));
        if (length > 0) {
            store.waits().pushed(namespace, k);
        }
        return length;
    }

    /** Pops one item from that end (LPOP, RPOP); null when the list is absent. */
    public String pop(String key, ListEnd end) {
        List<String> popped = pop(key, end, 1);
        return popped == null ? null : popped.get(0);
    }

    /** Pops up to {@code count} items (LPOP key count); null when the list is absent. */
    public List<String> pop(String key, ListEnd end, long count) {
        List<String> popped = popStored(key, end, count);
        return popped == null ? null : popped.stream().map(StoredForm::decodeString).toList();
    }

    /** {@link #pop(String, ListEnd, long)} as bytes. */
    public List<byte[]> popBytes(String key, ListEnd end, long count) {
        List<String> popped = popStored(key, end, count);
        return popped == null ? null : decoded(popped);
    }

    private List<String> popStored(String key, ListEnd end, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        String k = limits.key(key);
        if (count == 0) {
            return store.length(k, now()) == 0 ? null : List.of();
        }
        return writes.write(k, () -> store.pop(k, count, end == ListEnd.LEFT, now()));
    }

    /** Number of items; 0 when absent (LLEN). */
    public long size(String key) {
        return store.length(limits.key(key), now());
    }

    /** Items from {@code start} to {@code stop} inclusive, negative counting from the tail (LRANGE). */
    public List<String> range(String key, long start, long stop) {
        return store.range(limits.key(key), start, stop, now()).stream().map(StoredForm::decodeString).toList();
    }

    /** {@link #range} as bytes. */
    public List<byte[]> rangeBytes(String key, long start, long stop) {
        return decoded(store.range(limits.key(key), start, stop, now()));
    }

    /** The item at the index (negative: from the tail); null when absent or out of range (LINDEX). */
    public String get(String key, long index) {
        String stored = store.index(limits.key(key), index, now());
        return stored == null ? null : StoredForm.decodeString(stored);
    }

    /** {@link #get} as bytes. */
    public byte[] getBytes(String key, long index) {
        String stored = store.index(limits.key(key), index, now());
        return stored == null ? null : StoredForm.decodeBytes(stored);
    }

    /**
     * Replaces the item at the index (LSET).
     *
     * @throws NoSuchElementException when the list is absent
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public void set(String key, long index, String value) {
        setStored(key, index, limits.value(value));
    }

    /** {@link #set(String, long, String)} for bytes. */
    public void set(String key, long index, byte[] value) {
        setStored(key, index, limits.value(value));
    }

    private void setStored(String key, long index, String value) {
        String k = limits.key(key);
        Long set = writes.write(k, () -> store.set(k, index, value, now()));
        if (set == null) {
            throw new NoSuchElementException("no such key");
        }
        if (set == 0) {
            throw new IndexOutOfBoundsException("index out of range");
        }
    }

    /** Keeps only the items from {@code start} to {@code stop} (LTRIM); deletes the list if none remain. */
    public void trim(String key, long start, long stop) {
        String k = limits.key(key);
        writes.write(k, () -> {
            store.trim(k, start, stop, now());
            return null;
        });
    }

    /**
     * Removes items equal to the value (LREM): the first {@code count} from the head when positive,
     * the last {@code -count} when negative, all when 0. Returns how many went.
     */
    public long remove(String key, long count, String value) {
        return removeStored(key, count, limits.value(value));
    }

    /** {@link #remove(String, long, String)} for bytes. */
    public long remove(String key, long count, byte[] value) {
        return removeStored(key, count, limits.value(value));
    }

    private long removeStored(String key, long count, String value) {
        String k = limits.key(key);
        return writes.write(k, () -> store.remove(k, count, value, now()));
    }

    /**
     * Inserts the value before (or after) the first item equal to the pivot (LINSERT). Returns the
     * new length, -1 when there is no such item, 0 when the list is absent.
     */
    public long insert(String key, boolean before, String pivot, String value) {
        return insertStored(key, before, limits.value(pivot), limits.value(value));
    }

    /** {@link #insert(String, boolean, String, String)} for bytes. */
    public long insert(String key, boolean before, byte[] pivot, byte[] value) {
        return insertStored(key, before, limits.value(pivot), limits.value(value));
    }

    private long insertStored(String key, boolean before, String pivot, String value) {
        String k = limits.key(key);
        return writes.write(k, () -> store.insert(k, before, pivot, value, now()));
    }

    /**
     * Indexes of the items equal to the value (LPOS): from the head when {@code rank} is positive
     * (skipping the first {@code rank - 1} matches), from the tail when negative; at most
     * {@code count} of them (0: all), looking at the first (or last) {@code maxLength} items (0: all).
     */
    public List<Long> positions(String key, byte[] value, long rank, long count, long maxLength) {
        if (rank == 0 || rank == Long.MIN_VALUE || count < 0 || maxLength < 0) {
            throw new IllegalArgumentException("rank must be non-zero, count and maxLength not negative");
        }
        return store.positions(limits.key(key), limits.value(value), rank, count, maxLength, now());
    }

    /**
     * Pops an item from one end of {@code source} and pushes it onto one end of {@code target}
     * atomically (LMOVE, RPOPLPUSH); returns it, or null when the source is absent. WRONGTYPE, and
     * nothing changed, when the target holds another type.
     */
    public byte[] move(String source, String target, ListEnd from, ListEnd to) {
        return move(limits.key(source), limits.key(target), from, to, false);
    }

    /** {@link #move}; with {@code skipOtherSource}, a source of another type is as if absent (a wake-up's retry). */
    private byte[] move(String src, String dst, ListEnd from, ListEnd to, boolean skipOtherSource) {
        String moved = writes.write(List.of(src, dst), () -> transactions.inTransaction(() -> {
            List<String> popped = skipOtherSource ? popIfList(src, 1, from) : store.pop(src, 1, from == ListEnd.LEFT, now());
            if (popped == null) {
                return null;
            }
            store.push(dst, popped, to == ListEnd.LEFT, false, now());
            return popped.get(0);
        }));
        if (moved == null) {
            return null;
        }
        store.waits().pushed(namespace, dst);
        return StoredForm.decodeBytes(moved);
    }

    /**
     * Pops up to {@code count} items from the first of the keys that holds a list (LMPOP); null
     * when none does. A key of another type before it is WRONGTYPE.
     */
    public PoppedItems popFirst(List<String> keys, ListEnd end, long count) {
        return popFirst(limits.keys(keys), end, count, false);
    }

    /** {@link #popFirst}; with {@code skipOthers}, keys of another type are passed over (a wake-up's retry). */
    private PoppedItems popFirst(List<String> keys, ListEnd end, long count, boolean skipOthers) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        for (String k : keys) {
            List<String> popped = skipOthers ? popIfList(k, count, end)
                    : writes.write(k, () -> store.pop(k, count, end == ListEnd.LEFT, now()));
            if (popped != null) {
                return new PoppedItems(k, decoded(popped));
            }
        }
        return null;
    }

    /** A pop that finds another type finds nothing: a waiter woken for a key that is now a string waits on. */
    private List<String> popIfList(String key, long count, ListEnd end) {
        try {
            return writes.write(key, () -> store.pop(key, count, end == ListEnd.LEFT, now()));
        } catch (WrongTypeException otherType) {
            return null;
        }
    }

    /**
     * {@link #popFirst}, waiting until one of the lists gets an item when none has one (BLPOP,
     * BRPOP, BLMPOP). Completes with null after {@code timeout} (null: wait as long as it takes).
     * Cancel the future to stop waiting. A key of another type is WRONGTYPE at once; one that
     * becomes another type while waited on is passed over, as in Redis.
     */
    public CompletableFuture<PoppedItems> popBlocking(List<String> keys, ListEnd end, long count, Duration timeout) {
        List<String> checked = limits.keys(keys);
        Limits.waitLimit(timeout);
        return store.waits().await(namespace, checked, timeout, () -> popFirst(checked, end, count, false),
                () -> popFirst(checked, end, count, true));
    }

    /** {@link #move}, waiting until the source gets an item (BLMOVE, BRPOPLPUSH); null after the timeout. */
    public CompletableFuture<byte[]> moveBlocking(String source, String target, ListEnd from, ListEnd to, Duration timeout) {
        String src = limits.key(source);
        String dst = limits.key(target);
        Limits.waitLimit(timeout);
        return store.waits().await(namespace, List.of(src), timeout, () -> move(src, dst, from, to, false),
                () -> move(src, dst, from, to, true));
    }

    private static <T> List<String> stored(List<T> values, Function<T, String> encode) {
        Limits.required(values, "values");
        List<String> stored = new ArrayList<>(values.size());
        for (T v : values) {
            stored.add(encode.apply(v));
        }
        return stored;
    }

    private static List<String> stored(String[] values, Function<String, String> encode) {
        return stored(Arrays.asList(Limits.required(values, "values")), encode);
    }

    private static List<byte[]> decoded(List<String> stored) {
        return stored.stream().map(StoredForm::decodeBytes).toList();
    }

    private Instant now() {
        return clock.instant();
    }
}
