package io.hstorekv;

import io.hstorekv.store.EntryStore;
import io.hstorekv.store.ValueCodec;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes: a key holding field -> value pairs, stored as a real hstore (query it with {@code ->},
 * {@code each()}, {@code @>} in SQL). Field names are text; values are text or bytes. A hash whose
 * last field is deleted is deleted. Obtain from {@link Namespace#hashes()}.
 */
public final class Hashes {
    private final EntryStore store;
    private final Limits limits;
    private final Clock clock;

    Hashes(EntryStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
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
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("at least one field is required");
        }
        List<String> names = new ArrayList<>(fields.size());
        List<String> values = new ArrayList<>(fields.size());
        fields.forEach((f, v) -> {
            names.add(limits.field(f));
            values.add(limits.value(v));
        });
        return put(key, names, values, false);
    }

    /** Sets the field only if the hash lacks it (HSETNX); true if it did. */
    public boolean setIfAbsent(String key, String field, String value) {
        return put(key, List.of(limits.field(field)), List.of(limits.value(value)), true) > 0;
    }

    private long put(String key, List<String> fields, List<String> values, boolean onlyNew) {
        return store.fieldsPut(limits.key(key), EntryStore.HASH, fields, values, onlyNew, now());
    }

    /** The field's value, or null when the hash or field is absent. */
    public String get(String key, String field) {
        String stored = store.fieldGet(limits.key(key), limits.field(field), now());
        return stored == null ? null : ValueCodec.decodeString(stored);
    }

    public byte[] getBytes(String key, String field) {
        String stored = store.fieldGet(limits.key(key), limits.field(field), now());
        return stored == null ? null : ValueCodec.decodeBytes(stored);
    }

    /** Values of the fields in argument order, null where absent (HMGET). */
    public List<String> get(String key, List<String> fields) {
        String[] stored = store.fieldsGet(limits.key(key), limits.fields(fields), now());
        List<String> values = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String v = stored == null ? null : stored[i];
            values.add(v == null ? null : ValueCodec.decodeString(v));
        }
        return values;
    }

    /** All pairs (HGETALL); empty when the key is absent. */
    public Map<String, String> getAll(String key) {
        String[] flat = store.fieldsAll(limits.key(key), EntryStore.HASH, now());
        Map<String, String> pairs = new LinkedHashMap<>();
        if (flat != null) {
            for (int i = 0; i < flat.length; i += 2) {
                pairs.put(flat[i], ValueCodec.decodeString(flat[i + 1]));
            }
        }
        return pairs;
    }

    /** All pairs with values as bytes. */
    public Map<String, byte[]> getAllBytes(String key) {
        String[] flat = store.fieldsAll(limits.key(key), EntryStore.HASH, now());
        Map<String, byte[]> pairs = new LinkedHashMap<>();
        if (flat != null) {
            for (int i = 0; i < flat.length; i += 2) {
                pairs.put(flat[i], ValueCodec.decodeBytes(flat[i + 1]));
            }
        }
        return pairs;
    }

    /** Deletes fields; returns how many existed (HDEL). */
    public long delete(String key, String... fields) {
        return store.fieldsRemove(limits.key(key), EntryStore.HASH, limits.distinctFields(Arrays.asList(fields)), now());
    }

    public boolean exists(String key, String field) {
        Boolean[] exist = store.fieldsExist(limits.key(key), EntryStore.HASH, List.of(limits.field(field)), now());
        return exist != null && exist[0];
    }

    /** Number of fields; 0 when absent (HLEN). */
    public long size(String key) {
        return store.fieldCount(limits.key(key), EntryStore.HASH, now());
    }

    public List<String> fieldNames(String key) {
        String[] names = store.fieldNames(limits.key(key), EntryStore.HASH, now());
        return names == null ? List.of() : Arrays.asList(names);
    }

    public List<String> values(String key) {
        String[] stored = store.fieldValues(limits.key(key), now());
        List<String> values = new ArrayList<>();
        if (stored != null) {
            for (String v : stored) {
                values.add(ValueCodec.decodeString(v));
            }
        }
        return values;
    }

    /** Adds to an integer field (missing counts as 0); returns the new value (HINCRBY). */
    public long increment(String key, String field, long delta) {
        return store.fieldIncrement(limits.key(key), limits.field(field), delta, now());
    }

    /** Adds to a decimal field with exact decimal arithmetic (HINCRBYFLOAT). */
    public BigDecimal increment(String key, String field, double delta) {
        return store.fieldIncrementFloat(limits.key(key), limits.field(field), Limits.finite(delta), now());
    }

    /**
     * Keys whose hash contains all the given field/value pairs (hstore {@code @>}, served by the GIN
     * index), in key order, at most {@code limit}.
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
