package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.NamePattern;
import io.hstorekv.internal.near.KeyWrites;
import io.hstorekv.internal.near.NearCache;
import io.hstorekv.internal.near.NearCaches;
import io.hstorekv.internal.store.Connections;
import io.hstorekv.internal.store.EntryStore;
import io.hstorekv.internal.store.EntryType;
import io.hstorekv.internal.store.ExpiryCondition;
import io.hstorekv.internal.store.SortedSetStore;
import io.hstorekv.internal.store.StoredForm;
import io.hstorekv.util.Utf8;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The keys of one namespace: string values, TTLs, counters, compare-and-set, key operations, and
 * {@link #hashes()}, {@link #sets()} and {@link #lists()}. Semantics follow Redis: an expired key is absent
 * everywhere, a plain set clears the TTL, a counter on a missing key starts at 0, a type mismatch
 * throws {@link WrongTypeException}. Every method is one SQL statement, atomic across threads and
 * processes. Thread-safe.
 */
public final class Namespace {
    private final String name;
    private final Durability durability;
    private final EntryStore store;
    private final Limits limits;
    private final Clock clock;
    private final KeyWrites writes;
    private final Hashes hashes;
    private final Sets sets;
    private final SortedSets sortedSets;
    private final Lists lists;
    private final Connections transactions;
    private final NearCaches nearCaches;
    /** This namespace's near cache, or null when it has none. */
    private final NearCache near;

    Namespace(String name, Durability durability, EntryStore store, SortedSetStore sortedSetStore, Limits limits,
              Clock clock, Connections transactions) {
        this(name, durability, store, sortedSetStore, limits, clock, transactions, null, null);
    }

    Namespace(String name, Durability durability, EntryStore store, SortedSetStore sortedSetStore, Limits limits,
              Clock clock, Connections transactions, NearCaches nearCaches, NearCache near) {
        this.name = name;
        this.durability = durability;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.near = near;
        this.nearCaches = nearCaches;
        this.writes = near == null ? KeyWrites.UNCACHED : new KeyWrites(near);
        this.hashes = new Hashes(store, limits, clock, writes, near == null ? key -> null : key -> cachedFields(key, EntryType.HASH));
        this.sets = new Sets(store, limits, clock, transactions, writes, near == null ? key -> null : key -> cachedFields(key, EntryType.SET));
        this.sortedSets = new SortedSets(name, sortedSetStore, limits, clock, transactions, writes);
        this.transactions = transactions;
        this.lists = new Lists(name, store.lists(), limits, clock, transactions, writes);
    }

    /**
     * Counters of this namespace's near cache ({@link HstoreKv.Builder#nearCache}), or null when it
     * has none.
     */
    public NearCacheStats cacheStats() {
        if (near == null) {
            return null;
        }
        NearCache.Counts c = near.stats();
        return new NearCacheStats(c.cache().hits(), c.cache().misses(), c.cache().evictions(), c.loads(),
                c.loadTimeNanos(), c.invalidations(), c.bypassed(), c.size());
    }

    /** Test hook: runs in a near-cache load after its read and before it caches the result. */
    void afterLoadBeforeCache(Runnable hook) {
        near.afterLoadBeforeCache = hook;
    }

    /** The key's stored string value (null when absent), from the near cache when it may serve. */
    private String getStored(String key) {
        if (near == null || !nearCaches.serving()) {
            return store.get(key, now());
        }
        NearCache.Entry entry = near.get(key);
        if (entry.type() == null) {
            return null;
        }
        if (entry.type() != EntryType.STRING) {
            throw new WrongTypeException();
        }
        return entry.value();
    }

    private static final String[] NO_FIELDS = new String[0];

    /**
     * A collection from the near cache: a hash's pairs (flat) or a set's members; empty when the key
     * is absent, WRONGTYPE when it holds another type, null when the cache may not serve (or the
     * collection is too large to cache).
     */
    private String[] cachedFields(String key, EntryType type) {
        if (!nearCaches.serving()) {
            return null;
        }
        NearCache.Entry entry = near.get(key);
        if (entry.type() == null) {
            return NO_FIELDS;
        }
        if (entry.type() != type) {
            throw new WrongTypeException();
        }
        return entry.fields();
    }

    public String name() {
        return name;
    }

    public Durability durability() {
        return durability;
    }

    /** Hash operations on this namespace's keys. */
    public Hashes hashes() {
        return hashes;
    }

    /** Set operations on this namespace's keys. */
    public Sets sets() {
        return sets;
    }

    /** Sorted-set operations on this namespace's keys. */
    public SortedSets sortedSets() {
        return sortedSets;
    }

    /** List operations on this namespace's keys, blocking pops included. */
    public Lists lists() {
        return lists;
    }

    // ---- strings

    /** The value as UTF-8 text, or null when absent. */
    public String get(String key) {
        String stored = getStored(limits.key(key));
        return stored == null ? null : StoredForm.decodeString(stored);
    }

    /** The value's bytes, or null when absent. */
    public byte[] getBytes(String key) {
        String stored = getStored(limits.key(key));
        return stored == null ? null : StoredForm.decodeBytes(stored);
    }

    /** Values of many keys in one round trip, in argument order; null where absent or not a string. */
    public List<String> getAll(List<String> keys) {
        return strings(keys, StoredForm::decodeString);
    }

    /** Values of many keys as bytes, in argument order; null where absent or not a string (MGET). */
    public List<byte[]> getAllBytes(List<String> keys) {
        return strings(keys, StoredForm::decodeBytes);
    }

    private <V> List<V> strings(List<String> keys, Function<String, V> decode) {
        List<String> checked = limits.keys(keys);
        Map<String, EntryStore.Lookup> found = lookups(checked, true);
        List<V> values = new ArrayList<>(checked.size());
        for (String key : checked) {
            EntryStore.Lookup lookup = found.get(key);
            values.add(lookup == null || lookup.type() != EntryType.STRING ? null : decode.apply(lookup.value()));
        }
        return values;
    }

    /** What a key held, for {@link #getEach}: its type ({@link KeyType#NONE} when absent) and, for a string, its bytes. */
    public record TypedValue(KeyType type, byte[] bytes) {}

    /**
     * GET of many keys in one statement, in argument order, each answered as a GET would be: a
     * string's value, absent, or (type other than STRING) what would be a WRONGTYPE error. Lets a
     * pipeline of GETs cost one round trip.
     */
    public List<TypedValue> getEach(List<String> keys) {
        List<String> checked = limits.keys(keys);
        Map<String, EntryStore.Lookup> found = lookups(checked, false);
        List<TypedValue> values = new ArrayList<>(checked.size());
        for (String key : checked) {
            EntryStore.Lookup lookup = found.get(key);
            values.add(lookup == null ? new TypedValue(KeyType.NONE, null)
                    : new TypedValue(KeyType.of(lookup.type()), bytesOrNull(lookup.value())));
        }
        return values;
    }

    /**
     * GET's answer for the key from the near cache alone, as {@link #getEach} would give it; null
     * when the cache cannot answer (none, not serving, or the key not held). Never touches
     * PostgreSQL, so it may run where nothing may block (a server's I/O thread).
     */
    public TypedValue getIfCached(String key) {
        NearCache.Entry entry = near == null ? null : near.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        return entry.type() == null ? new TypedValue(KeyType.NONE, null)
                : new TypedValue(KeyType.of(entry.type()), bytesOrNull(entry.value()));
    }

    /**
     * The live keys among these, each with its type and (strings) stored value: from the near cache
     * when it may serve (the misses read in one statement and cached), else one statement. A
     * {@code snapshot} (MGET) holds what the keys held at one moment: if a write of this store was
     * under way while the cache answered, hits and loads might straddle it, so one statement answers.
     */
    private Map<String, EntryStore.Lookup> lookups(List<String> checked, boolean snapshot) {
        if (near == null || !nearCaches.serving()) {
            return store.lookupMany(checked, now());
        }
        long stamp = nearCaches.writeStamp();
        if (snapshot && stamp == NearCaches.WRITING) {
            return store.lookupMany(checked, now());
        }
        Map<String, NearCache.Entry> entries = near.getAll(checked);
        if (snapshot && nearCaches.writeStamp() != stamp) {
            return store.lookupMany(checked, now());
        }
        Map<String, EntryStore.Lookup> found = new HashMap<>();
        entries.forEach((key, entry) -> {
            if (entry.type() != null) {
                found.put(key, new EntryStore.Lookup(entry.type(), entry.value()));
            }
        });
        return found;
    }

    /** Stores the value with no TTL, replacing whatever the key held. */
    public void set(String key, String value) {
        String k = limits.key(key);
        String v = limits.value(value);
        writes.write(k, () -> {
            store.set(k, v, null, now());
            return null;
        });
    }

    public void set(String key, byte[] value) {
        String k = limits.key(key);
        String v = limits.value(value);
        writes.write(k, () -> {
            store.set(k, v, null, now());
            return null;
        });
    }

    /** Stores the value, expiring after {@code ttl}. */
    public void set(String key, String value, Duration ttl) {
        Instant now = now();
        String k = limits.key(key);
        String v = limits.value(value);
        Instant at = Limits.expiry(now, ttl);
        writes.write(k, () -> {
            store.set(k, v, at, now);
            return null;
        });
    }

    /** SET with Redis's options (EX/PX/EXAT/PXAT, NX, XX, KEEPTTL, GET). */
    public SetResult set(String key, byte[] value, SetOptions options) {
        return setStored(limits.key(key), limits.value(value), options);
    }

    public SetResult set(String key, String value, SetOptions options) {
        return setStored(limits.key(key), limits.value(value), options);
    }

    private SetResult setStored(String key, String stored, SetOptions options) {
        Limits.required(options, "options");
        if (options.ifAbsent && options.ifPresent) {
            throw new IllegalArgumentException("ifAbsent and ifPresent exclude each other");
        }
        if (options.keepTtl && (options.ttl != null || options.expireAt != null)) {
            throw new IllegalArgumentException("keepTtl excludes ttl and expireAt");
        }
        Instant now = now();
        Instant expiresAt = options.ttl != null ? Limits.expiry(now, options.ttl)
                : options.expireAt != null ? Limits.instant(options.expireAt) : null;
        EntryStore.SetOutcome outcome = writes.write(key, () -> store.set(key, stored, expiresAt, options.keepTtl,
                options.ifAbsent, options.ifPresent, options.returnPrevious, now));
        return new SetResult(outcome.written(),
                outcome.previous() == null ? null : StoredForm.decodeBytes(outcome.previous()));
    }

    /** Stores the value only if the key is absent; true if it did (SETNX). */
    public boolean setIfAbsent(String key, String value) {
        return set(key, value, SetOptions.none().ifAbsent()).written();
    }

    /** Sets many keys (no TTL) in one statement, atomically (MSET). */
    public void setAll(Map<String, String> entries) {
        setMany(encodeBatch(entries, limits::value), false);
    }

    public void setAllBytes(Map<String, byte[]> entries) {
        setMany(encodeBatch(entries, limits::value), false);
    }

    /** Sets many keys only if none of them exists, all or nothing (MSETNX); true if it wrote. */
    public boolean setAllIfAbsent(Map<String, String> entries) {
        return setMany(encodeBatch(entries, limits::value), true);
    }

    public boolean setAllIfAbsentBytes(Map<String, byte[]> entries) {
        return setMany(encodeBatch(entries, limits::value), true);
    }

    private boolean setMany(TreeMap<String, String> sorted, boolean ifAbsent) {
        if (sorted.isEmpty()) {
            return true;
        }
        List<String> keys = new ArrayList<>(sorted.keySet());
        List<String> values = new ArrayList<>(sorted.values());
        return writes.write(keys, () -> {
            if (ifAbsent) {
                return store.setManyIfAbsent(keys, values, now());
            }
            store.setMany(keys, values, now());
            return true;
        });
    }

    /** Checked keys in lock order with their stored values; the last value of a repeated key wins. */
    private <V> TreeMap<String, String> encodeBatch(Map<String, V> entries, Function<V, String> encode) {
        Limits.required(entries, "entries");
        TreeMap<String, String> sorted = new TreeMap<>(Utf8::compare);
        entries.forEach((k, v) -> sorted.put(limits.key(k), encode.apply(v)));
        return sorted;
    }

    /** Returns the value and deletes the key (GETDEL); null when absent. */
    public byte[] getAndDelete(String key) {
        String k = limits.key(key);
        return bytesOrNull(writes.write(k, () -> store.getAndDelete(k, now())));
    }

    /** Returns the value and sets its TTL (GETEX EX/PX); null when absent. */
    public byte[] getAndExpire(String key, Duration ttl) {
        Instant now = now();
        String k = limits.key(key);
        Instant at = Limits.expiry(now, ttl);
        return bytesOrNull(writes.write(k, () -> store.getAndExpire(k, at, false, now)));
    }

    /** Returns the value and sets its expiry instant (GETEX EXAT/PXAT); null when absent. */
    public byte[] getAndExpireAt(String key, Instant at) {
        String k = limits.key(key);
        Instant when = Limits.instant(at);
        return bytesOrNull(writes.write(k, () -> store.getAndExpire(k, when, false, now())));
    }

    /** Returns the value and removes its TTL (GETEX PERSIST); null when absent. */
    public byte[] getAndPersist(String key) {
        String k = limits.key(key);
        return bytesOrNull(writes.write(k, () -> store.getAndExpire(k, null, true, now())));
    }

    private static byte[] bytesOrNull(String stored) {
        return stored == null ? null : StoredForm.decodeBytes(stored);
    }

    /** The value with its version, for {@link #compareAndSet}; null when absent. */
    public Versioned getVersioned(String key) {
        return Versioned.of(store.getVersioned(limits.key(key), now()));
    }

    /**
     * Replaces the value only if the key still holds the version read (memcached's {@code cas});
     * {@code ttl} null means no TTL. False if the key changed, expired or was deleted meanwhile.
     */
    public boolean compareAndSet(String key, long version, byte[] value, Duration ttl) {
        return compareAndSetStored(limits.key(key), version, limits.value(value), ttl);
    }

    public boolean compareAndSet(String key, long version, String value, Duration ttl) {
        return compareAndSetStored(limits.key(key), version, limits.value(value), ttl);
    }

    private boolean compareAndSetStored(String key, long version, String stored, Duration ttl) {
        Instant now = now();
        Instant at = ttl == null ? null : Limits.expiry(now, ttl);
        return writes.write(key, () -> store.compareAndSet(key, version, stored, at, now));
    }

    /** Adds to an integer value (a missing key counts as 0); returns the new value. */
    public long increment(String key, long delta) {
        String k = limits.key(key);
        return writes.write(k, () -> store.increment(k, delta, now()));
    }

    public long increment(String key) {
        return increment(key, 1);
    }

    public long decrement(String key, long delta) {
        if (delta == Long.MIN_VALUE) {
            throw new NotANumberException("decrement would overflow");
        }
        return increment(key, -delta);
    }

    public long decrement(String key) {
        return increment(key, -1);
    }

    /** Adds to a decimal value with exact decimal arithmetic (INCRBYFLOAT); returns the new value. */
    public BigDecimal increment(String key, double delta) {
        String k = limits.key(key);
        BigDecimal d = Limits.finite(delta);
        return writes.write(k, () -> store.incrementFloat(k, d, now()));
    }

    /** Appends to the value (a missing key counts as empty); returns the new length in bytes. */
    public long append(String key, String value) {
        String k = limits.key(key);
        String v = limits.value(value);
        return writes.write(k, () -> store.append(k, v, limits.maxValueBytes, now()));
    }

    public long append(String key, byte[] value) {
        String k = limits.key(key);
        String v = limits.value(value);
        return writes.write(k, () -> store.append(k, v, limits.maxValueBytes, now()));
    }

    /**
     * Overwrites the value's bytes from {@code offset} on with {@code value}, padding with zero bytes
     * past its end (SETRANGE); a missing key counts as empty. Returns the new length. An empty
     * {@code value} changes nothing (and creates no key). The TTL is kept. Atomic: the key is locked
     * while the new value is computed.
     */
    public long setRange(String key, long offset, byte[] value) {
        String k = limits.key(key);
        Limits.required(value, "value");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (value.length > 0 && offset > limits.maxValueBytes - value.length) {
            throw new IllegalArgumentException("value of " + (offset + value.length) + " bytes exceeds the limit of "
                    + limits.maxValueBytes);
        }
        return rewrite(k, old -> {
            if (value.length == 0) {
                return null;
            }
            byte[] updated = Arrays.copyOf(old, (int) Math.max(old.length, offset + value.length));
            System.arraycopy(value, 0, updated, (int) offset, value.length);
            return updated;
        }, (old, updated) -> (long) (updated == null ? old : updated).length);
    }

    /**
     * Sets or clears one bit of the value (SETBIT; bit 0 is the highest bit of the first byte),
     * padding with zero bytes; a missing key counts as empty. Returns the bit's previous value. The
     * TTL is kept; atomic as {@link #setRange}.
     */
    public boolean setBit(String key, long offset, boolean bit) {
        String k = limits.key(key);
        if (offset < 0 || offset / 8 >= limits.maxValueBytes) {
            throw new IllegalArgumentException("bit offset out of range: " + offset);
        }
        int index = (int) (offset / 8);
        int mask = 0x80 >>> (int) (offset % 8);
        return rewrite(k, old -> {
            byte[] updated = Arrays.copyOf(old, Math.max(old.length, index + 1));
            updated[index] = (byte) (bit ? updated[index] | mask : updated[index] & ~mask);
            return updated;
        }, (old, updated) -> index < old.length && (old[index] & mask) != 0);
    }

    /**
     * A string value read, changed in Java and written back (TTL kept) with the key locked, in one
     * transaction; {@code change} returns null to write nothing. Returns {@code result} of the old
     * bytes and the new ones (null when nothing was written).
     */
    private <T> T rewrite(String k, UnaryOperator<byte[]> change, BiFunction<byte[], byte[], T> result) {
        return writes.write(k, () -> transactions.inTransaction(() -> {
            Instant now = now();
            store.lock(k);
            String stored = store.get(k, now);
            byte[] old = stored == null ? new byte[0] : StoredForm.decodeBytes(stored);
            byte[] updated = change.apply(old);
            if (updated != null) {
                store.set(k, limits.value(updated), null, true, false, false, false, now);
            }
            return result.apply(old, updated);
        }));
    }

    /** Length of the value in bytes; 0 when absent. */
    public long length(String key) {
        return store.strlen(limits.key(key), now());
    }

    // ---- keys

    /** Deletes the key; true if it existed. */
    public boolean delete(String key) {
        String k = limits.key(key);
        return writes.write(k, () -> store.delete(List.of(k), now())) > 0;
    }

    /** Deletes many keys in one statement; returns how many existed. */
    public long deleteAll(Collection<String> keys) {
        List<String> sorted = limits.sortedKeys(keys);
        if (sorted.isEmpty()) {
            return 0;
        }
        return writes.write(sorted, () -> store.delete(sorted, now()));
    }

    public boolean exists(String key) {
        return store.countExisting(List.of(limits.key(key)), now()) > 0;
    }

    /** How many of the keys exist, a key named twice counting twice (Redis EXISTS). */
    public long countExisting(List<String> keys) {
        List<String> checked = limits.keys(keys);
        return checked.isEmpty() ? 0 : store.countExisting(checked, now());
    }

    public KeyType type(String key) {
        return KeyType.of(store.type(limits.key(key), now()));
    }

    /** Expire after {@code ttl}; false if the key is absent or the condition failed. */
    public boolean expire(String key, Duration ttl, ExpireCondition condition) {
        Instant now = now();
        Limits.required(ttl, "ttl");
        // A TTL of zero or less expires the key at once, as in Redis.
        Instant at = ttl.isNegative() || ttl.isZero() ? now : Limits.expiry(now, ttl);
        return setExpiry(key, at, condition, now);
    }

    public boolean expire(String key, Duration ttl) {
        return expire(key, ttl, ExpireCondition.ALWAYS);
    }

    /** Expire at an instant; one in the past expires the key at once. */
    public boolean expireAt(String key, Instant at, ExpireCondition condition) {
        return setExpiry(key, Limits.instant(at), condition, now());
    }

    private boolean setExpiry(String key, Instant at, ExpireCondition condition, Instant now) {
        Limits.required(condition, "condition");
        String k = limits.key(key);
        return writes.write(k, () -> store.setExpiry(k, at, condition.stored(), now));
    }

    /** Removes the TTL; true if the key had one. */
    public boolean persist(String key) {
        String k = limits.key(key);
        return writes.write(k, () -> store.setExpiry(k, null, ExpiryCondition.PERSIST, now()));
    }

    /** Remaining time to live in milliseconds: -2 when absent, -1 when the key has no TTL (Redis PTTL). */
    public long ttlMillis(String key) {
        Instant now = now();
        EntryStore.Expiry expiry = store.expiry(limits.key(key), now);
        if (expiry == null) {
            return -2;
        }
        return expiry.expiresAt() == null ? -1 : Math.max(0, expiry.expiresAt().toEpochMilli() - now.toEpochMilli());
    }

    /** The absolute expiry: null when absent or without TTL (see {@link #ttlMillis} to tell apart). */
    public Instant expiresAt(String key) {
        EntryStore.Expiry expiry = store.expiry(limits.key(key), now());
        return expiry == null ? null : expiry.expiresAt();
    }

    /**
     * Renames a key, replacing the target (RENAME).
     *
     * @throws java.util.NoSuchElementException when the source is absent
     */
    public void rename(String source, String target) {
        renameChecked(source, target, false);
    }

    /** Renames only if the target is absent (RENAMENX); false if it exists. */
    public boolean renameIfAbsent(String source, String target) {
        return renameChecked(source, target, true);
    }

    private boolean renameChecked(String source, String target, boolean ifAbsent) {
        limits.key(source);
        limits.key(target);
        if (source.equals(target)) {
            if (!exists(source)) {
                throw new NoSuchElementException("no such key");
            }
            return !ifAbsent;
        }
        EntryStore.RenameOutcome outcome =
                writes.write(List.of(source, target), () -> store.rename(source, target, ifAbsent, now()));
        if (outcome == EntryStore.RenameOutcome.NO_SUCH_KEY) {
            throw new NoSuchElementException("no such key");
        }
        return outcome == EntryStore.RenameOutcome.RENAMED;
    }

    /** Number of live keys (counts rows: O(keys), unlike Redis's DBSIZE). */
    public long count() {
        return store.count(now());
    }

    /**
     * One page of a scan over keys matching a Redis glob pattern ({@code *}, {@code ?}, {@code [a-z]},
     * {@code \}), in key order. Start with {@link ScanPage#START}; pass each page's cursor to get the
     * next, until {@link ScanPage#isLast()}. {@code count} bounds the keys looked at per page.
     */
    public ScanPage scan(String pattern, String cursor, int count) {
        return scan(pattern, null, cursor, count);
    }

    /** A scan limited to keys of one type. */
    public ScanPage scan(String pattern, KeyType type, String cursor, int count) {
        if (cursor == null) {
            throw new IllegalArgumentException("cursor must not be null (start with ScanPage.START)");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        NamePattern names = NamePattern.compile(pattern);
        EntryType stored = type == null ? null : type.stored();
        // The empty key is a key too: the first page starts at it (inclusive), and a page that ends
        // on it continues from AFTER_EMPTY_KEY (no key holds NUL), as START would start over.
        boolean fromStart = cursor.equals(ScanPage.START);
        String after = cursor.equals(AFTER_EMPTY_KEY) ? "" : cursor;
        // Binary keys sort first ("\u0001" + base64) and may match a text prefix by their bytes:
        // a scan with a prefix goes through them before it jumps to the prefix.
        String prefix = names.textPrefix();
        boolean binaryFirst = !prefix.isEmpty() && after.compareTo(AFTER_BINARY_KEYS) < 0;
        EntryStore.ScanResult page = store.scan(after, !fromStart, binaryFirst ? BINARY_KEYS : prefix, stored, count, now());
        List<String> matching = page.keys().stream().filter(names::matches).toList();
        boolean done = page.examined() < count || !binaryFirst && !page.lastExamined().startsWith(prefix);
        String next = done ? ScanPage.START : page.lastExamined().isEmpty() ? AFTER_EMPTY_KEY : page.lastExamined();
        return new ScanPage(matching, next);
    }

    /** Where binary keys start, and a bound above all of them ({@link BinaryKeys}). */
    private static final String BINARY_KEYS = "\u0001";
    private static final String AFTER_BINARY_KEYS = "\u0002";

    /** The scan cursor after a page that ended on the empty key. */
    private static final String AFTER_EMPTY_KEY = "\0";

    /** A random live key, or null when the namespace is empty (RANDOMKEY; O(keys)). */
    public String randomKey() {
        return store.randomKey(now());
    }

    /**
     * A token that changes whenever the key is written, expires or is deleted (its version; 0 when
     * absent). Inside {@link HstoreKv#inTransaction} the key stays locked until commit (WATCH).
     * Reads of the key through this namespace after this call are at least as new as the token: the
     * near cache forgets what it held for the key (WATCH, then GET, then EXEC must not act on a value
     * older than the one watched).
     */
    public long watchToken(String key) {
        String k = limits.key(key);
        long token = store.watchToken(k, now());
        if (near != null) {
            near.invalidate(k);
        }
        return token;
    }

    /** The same as {@link HstoreKv#inTransaction}: the transaction covers every namespace of the store. */
    public <T> T inTransaction(Supplier<T> work) {
        Limits.required(work, "work");
        return transaction(() -> transactions.inTransaction(work));
    }

    /**
     * Runs the work as one PostgreSQL transaction at repeatable read, as Redis runs EXEC: the keys of
     * this namespace that the work will use are locked first (advisory locks, in one order, including
     * keys that do not exist yet, held until the end), so transactions naming a common key run one
     * after another, across processes, instead of deadlocking; every read in the work sees one
     * snapshot taken after the locks. A conflict with a write that took no lock (a plain
     * {@link #set}, say) runs the work again, whole, up to 10 times; as with
     * {@link HstoreKv#inTransaction}, an operation that fails for a reason of the data undoes only
     * itself. The keys only choose the locks: they are not checked, and the work may use others
     * (unlocked). Nested calls join the outer transaction and take no locks.
     */
    public <T> T inTransaction(Collection<String> keys, Supplier<T> work) {
        Limits.required(keys, "keys").forEach(key -> Limits.required(key, "key"));
        Limits.required(work, "work");
        int[] locks = store.lockIds(keys);
        return transaction(() -> transactions.inLockedTransaction(locks, work));
    }

    private <T> T transaction(Supplier<T> transaction) {
        return nearCaches == null ? transaction.get() : nearCaches.inTransaction(transaction);
    }

    /** Deletes every key of the namespace at once (TRUNCATE of its partition). */
    public void flush() {
        writes.writeAll(store::flush);
    }

    private Instant now() {
        return clock.instant();
    }
}
