package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.NamePattern;
import io.hstorekv.internal.near.KeyWrites;
import io.hstorekv.internal.store.EntryStore;
import io.hstorekv.internal.store.EntryType;
import io.hstorekv.internal.store.StoredForm;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Hashes: a key holding field -> value pairs, stored as a real hstore (query it with {@code ->},
 * {@code each()}, {@code @>} in SQL). Field names are text; values are text or bytes. A hash whose
 * last field is deleted is deleted. Obtain from {@link Namespace#hashes()}.
 */
public final class Hashes {
    private final EntryStore store;
    private final Limits limits;
    private final Clock clock;
    /** Tells the near cache of every key a write touched. */
    private final KeyWrites writes;

    /** A hash's pairs (flat) from the near cache, or null to read PostgreSQL (see Namespace#cachedFields). */
    private final Function<String, String[]> cached;

    Hashes(EntryStore store, Limits limits, Clock clock, KeyWrites writes,
           Function<String, String[]> cached) {
        this.cached = cached;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.writes = writes;
    }

    /** Sets one field; true if it was new (HSET). */
    public boolean set(String key, String field, String value) {
        return put(key, List.of(limits.field(field)), List.of(limits.value(value)), false) > 0;
    }

    public boolean set(String key, String field, byte[] value) {
        return put(key, List.of(limits.field(field)), List.of(limits.value(value)), false) > 0;
    }

    /** Sets many fields at once; returns how many were new. */
    public long set(String key, Map<String, String> fields) {
        return setEncoded(key, fields, limits::value);
    }

    public long setBytes(String key, Map<String, byte[]> fields) {
        return setEncoded(key, fields, limits::value);
    }

    private <V> long setEncoded(String key, Map<String, V> fields, Function<V, String> encode) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("at least one field is required");
        }
        List<String> names = new ArrayList<>(fields.size());
        List<String> values = new ArrayList<>(fields.size());
        fields.forEach((f, v) -> {
            names.add(limits.field(f));
            values.add(encode.apply(v));
        });
        return put(key, names, values, false);
    }

    /** Sets the field only if the hash lacks it (HSETNX); true if it did. */
    public boolean setIfAbsent(String key, String field, String value) {
        return put(key, List.of(limits.field(field)), List.of(limits.value(value)), true) > 0;
    }

    public boolean setIfAbsent(String key, String field, byte[] value) {
        return put(key, List.of(limits.field(field)), List.of(limits.value(value)), true) > 0;
    }

    private long put(String key, List<String> fields, List<String> values, boolean onlyNew) {
        String k = limits.key(key);
        return writes.write(k, () -> store.fieldsPut(k, EntryType.HASH, fields, values, onlyNew, now()));
    }

    /** The field's value, or null when the hash or field is absent. */
    public String get(String key, String field) {
        String stored = fieldGet(limits.key(key), limits.field(field));
        return stored == null ? null : StoredForm.decodeString(stored);
    }

    public byte[] getBytes(String key, String field) {
        String stored = fieldGet(limits.key(key), limits.field(field));
        return stored == null ? null : StoredForm.decodeBytes(stored);
    }

    private String fieldGet(String key, String field) {
        String[] flat = cached.apply(key);
        return flat == null ? store.fieldGet(key, field, now()) : valueOf(flat, field);
    }

    private static String valueOf(String[] flat, String field) {
        for (int i = 0; i < flat.length; i += 2) {
            if (flat[i].equals(field)) {
                return flat[i + 1];
            }
        }
        return null;
    }

    /** Values of the fields in argument order, null where absent (HMGET). */
    public List<String> get(String key, List<String> fields) {
        return fieldValues(key, fields, StoredForm::decodeString);
    }

    public List<byte[]> getBytes(String key, List<String> fields) {
        return fieldValues(key, fields, StoredForm::decodeBytes);
    }

    private <V> List<V> fieldValues(String key, List<String> fields, Function<String, V> decode) {
        String k = limits.key(key);
        List<String> names = limits.fields(fields);
        String[] flat = cached.apply(k);
        String[] stored;
        if (flat == null) {
            stored = store.fieldsGet(k, names, now());
        } else if (flat.length == 0) {
            stored = null;
        } else {
            stored = new String[names.size()];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = valueOf(flat, names.get(i));
            }
        }
        List<V> values = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String v = stored == null ? null : stored[i];
            values.add(v == null ? null : decode.apply(v));
        }
        return values;
    }

    /** All pairs (HGETALL); empty when the key is absent. */
    public Map<String, String> getAll(String key) {
        return pairs(key, null, StoredForm::decodeString);
    }

    /** All pairs with values as bytes. */
    public Map<String, byte[]> getAllBytes(String key) {
        return pairs(key, null, StoredForm::decodeBytes);
    }

    /**
     * The pairs whose field matches a Redis glob pattern (HSCAN). A hash is read whole in one round
     * trip, so the whole match comes back at once, as Redis does for small hashes.
     */
    public Map<String, byte[]> scan(String key, String pattern) {
        return pairs(key, NamePattern.compile(pattern), StoredForm::decodeBytes);
    }

    private <V> Map<String, V> pairs(String key, NamePattern fieldFilter, Function<String, V> decode) {
        String k = limits.key(key);
        String[] flat = cached.apply(k);
        if (flat == null) {
            flat = store.fieldsAll(k, EntryType.HASH, now());
        }
        Map<String, V> pairs = new LinkedHashMap<>();
        if (flat != null) {
            for (int i = 0; i < flat.length; i += 2) {
                if (fieldFilter == null || fieldFilter.matches(flat[i])) {
                    pairs.put(flat[i], decode.apply(flat[i + 1]));
                }
            }
        }
        return pairs;
    }

    /** Deletes fields; returns how many existed (HDEL). */
    public long delete(String key, String... fields) {
        String k = limits.key(key);
        List<String> names = limits.distinctFields(fields);
        return writes.write(k, () -> store.fieldsRemove(k, EntryType.HASH, names, now()));
    }

    public boolean exists(String key, String field) {
        Boolean[] exist = store.fieldsExist(limits.key(key), EntryType.HASH, List.of(limits.field(field)), now());
        return exist != null && exist[0];
    }

    /** Number of fields; 0 when absent (HLEN). */
    public long size(String key) {
        return store.fieldCount(limits.key(key), EntryType.HASH, now());
    }

    public List<String> fieldNames(String key) {
        String[] names = store.fieldNames(limits.key(key), EntryType.HASH, now());
        return names == null ? List.of() : Arrays.asList(names);
    }

    public List<String> values(String key) {
        return allValues(key, StoredForm::decodeString);
    }

    public List<byte[]> valuesBytes(String key) {
        return allValues(key, StoredForm::decodeBytes);
    }

    private <V> List<V> allValues(String key, Function<String, V> decode) {
        String[] stored = store.fieldValues(limits.key(key), now());
        List<V> values = new ArrayList<>();
        if (stored != null) {
            for (String v : stored) {
                values.add(decode.apply(v));
            }
        }
        return values;
    }

    /** Length in bytes of the field's value; 0 when absent (HSTRLEN). */
    public long valueLength(String key, String field) {
        return store.fieldLength(limits.key(key), limits.field(field), now());
    }

    /** Adds to an integer field (missing counts as 0); returns the new value (HINCRBY). */
    public long increment(String key, String field, long delta) {
        String k = limits.key(key);
        String f = limits.field(field);
        return writes.write(k, () -> store.fieldIncrement(k, f, delta, now()));
    }

    /** Adds to a decimal field with exact decimal arithmetic (HINCRBYFLOAT). */
    public BigDecimal increment(String key, String field, double delta) {
        String k = limits.key(key);
        String f = limits.field(field);
        BigDecimal d = Limits.finite(delta);
        return writes.write(k, () -> store.fieldIncrementFloat(k, f, d, now()));
    }

    /**
     * Keys whose hash contains all the given field/value pairs (hstore {@code @>}, served by the GIN
     * index of the pairs' digests; in SQL, {@code hstorekv.contains(fields, pairs)}), in key order,
     * at most {@code limit}. Values of any size are found.
     */
    public List<String> findContaining(Map<String, String> pairs, int limit) {
        if (pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("at least one field/value pair is required");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        List<String> fields = new ArrayList<>(pairs.size());
        List<String> values = new ArrayList<>(pairs.size());
        pairs.forEach((f, v) -> {
            fields.add(limits.field(f));
            values.add(limits.value(v));
        });
        return store.findContaining(fields, values, limit, now());
    }

    private Instant now() {
        return clock.instant();
    }
}
