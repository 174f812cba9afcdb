package io.hstorekv;

import io.hstorekv.internal.Limits;
import io.hstorekv.internal.NamePattern;
import io.hstorekv.internal.near.KeyWrites;
import io.hstorekv.internal.store.Connections;
import io.hstorekv.internal.store.EntryStore;
import io.hstorekv.internal.store.EntryType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sets of text members, stored as an hstore whose keys are the members (test membership in SQL
 * with {@code fields ? 'member'}). A set whose last member is removed is deleted. Obtain from
 * {@link Namespace#sets()}.
 */
public final class Sets {
    private final EntryStore store;
    private final Limits limits;
    private final Clock clock;
    private final Connections transactions;

    /** Tells the near cache of every key a write touched. */
    private final KeyWrites writes;

    /** A set's members from the near cache, or null to read PostgreSQL (see Namespace#cachedFields). */
    private final Function<String, String[]> cached;

    Sets(EntryStore store, Limits limits, Clock clock, Connections transactions, KeyWrites writes,
         Function<String, String[]> cached) {
        this.cached = cached;
        this.writes = writes;
        this.store = store;
        this.transactions = transactions;
        this.limits = limits;
        this.clock = clock;
    }

    /** Adds members; returns how many were new (SADD). */
    public long add(String key, String... members) {
        List<String> distinct = limits.distinctFields(members);
        String k = limits.key(key);
        return writes.write(k, () ->
                store.fieldsPut(k, EntryType.SET, distinct, Collections.nCopies(distinct.size(), null), false, now()));
    }

    /** Removes members; returns how many were present (SREM). */
    public long remove(String key, String... members) {
        List<String> distinct = limits.distinctFields(members);
        String k = limits.key(key);
        return writes.write(k, () -> store.fieldsRemove(k, EntryType.SET, distinct, now()));
    }

    public boolean isMember(String key, String member) {
        return areMembers(key, Collections.singletonList(member)).get(0);
    }

    /** Membership of each member, in argument order (SMISMEMBER). */
    public List<Boolean> areMembers(String key, List<String> members) {
        String k = limits.key(key);
        List<String> checked = limits.fields(members);
        String[] cachedMembers = cached.apply(k);
        if (cachedMembers != null) {
            Set<String> present = Set.of(cachedMembers);
            return checked.stream().map(present::contains).toList();
        }
        Boolean[] exist = store.fieldsExist(k, EntryType.SET, checked, now());
        if (exist == null) {
            return Collections.nCopies(members.size(), false);
        }
        return Arrays.asList(exist);
    }

    /** All members; empty when the key is absent (SMEMBERS). */
    public Set<String> members(String key) {
        String k = limits.key(key);
        String[] names = cached.apply(k);
        if (names == null) {
            names = store.fieldNames(k, EntryType.SET, now());
        }
        return names == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(names));
    }

    /** Members matching a Redis glob pattern (SSCAN); the set is read whole, so all come at once. */
    public Set<String> scan(String key, String pattern) {
        NamePattern filter = NamePattern.compile(pattern);
        Set<String> matching = new LinkedHashSet<>();
        for (String member : members(key)) {
            if (filter.matches(member)) {
                matching.add(member);
            }
        }
        return matching;
    }

    /** Members in all the sets (SINTER); a missing key is an empty set. One round trip. */
    public Set<String> intersection(List<String> keys) {
        List<Set<String>> sets = load(keys);
        Set<String> result = new LinkedHashSet<>(sets.get(0));
        sets.subList(1, sets.size()).forEach(result::retainAll);
        return result;
    }

    /** Members in any of the sets (SUNION). */
    public Set<String> union(List<String> keys) {
        Set<String> result = new LinkedHashSet<>();
        load(keys).forEach(result::addAll);
        return result;
    }

    /** Members of the first set in none of the others (SDIFF). */
    public Set<String> difference(List<String> keys) {
        List<Set<String>> sets = load(keys);
        Set<String> result = new LinkedHashSet<>(sets.get(0));
        sets.subList(1, sets.size()).forEach(result::removeAll);
        return result;
    }

    /** Stores the members in all the sets at {@code destination}, replacing what it held (SINTERSTORE); returns their number. */
    public long storeIntersection(String destination, List<String> keys) {
        return store(destination, () -> intersection(keys));
    }

    /** Stores the members in any of the sets at {@code destination} (SUNIONSTORE); returns their number. */
    public long storeUnion(String destination, List<String> keys) {
        return store(destination, () -> union(keys));
    }

    /** Stores the members of the first set in none of the others at {@code destination} (SDIFFSTORE). */
    public long storeDifference(String destination, List<String> keys) {
        return store(destination, () -> difference(keys));
    }

    /**
     * Writes a computed set over whatever {@code destination} held (any type, its TTL gone); an empty
     * result deletes it, as in Redis. One transaction with the reads.
     */
    private long store(String destination, Supplier<Set<String>> result) {
        String dst = limits.key(destination);
        return writes.write(dst, () -> transactions.inTransaction(() -> {
            Set<String> members = result.get();
            Instant now = now();
            store.delete(List.of(dst), now);
            if (!members.isEmpty()) {
                store.fieldsPut(dst, EntryType.SET, new ArrayList<>(members), Collections.nCopies(members.size(), null),
                        false, now);
            }
            return (long) members.size();
        }));
    }

    /**
     * Removes up to {@code count} members chosen at random and returns them (SPOP); empty when the
     * set is absent. Atomic: the set is locked while they are chosen.
     */
    public Set<String> pop(String key, long count) {
        String k = limits.key(key);
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        return writes.write(k, () -> transactions.inTransaction(() -> {
            Instant now = now();
            store.lock(k);
            String[] members = store.fieldNames(k, EntryType.SET, now);
            if (members == null || count == 0) {
                return Set.<String>of();
            }
            List<String> chosen = new ArrayList<>(Arrays.asList(members));
            Collections.shuffle(chosen, ThreadLocalRandom.current());
            chosen = chosen.subList(0, (int) Math.min(count, chosen.size()));
            store.fieldsRemove(k, EntryType.SET, chosen, now);
            return new LinkedHashSet<>(chosen);
        }));
    }

    /** The sets of the keys, in argument order, read in one statement; WRONGTYPE if one is not a set. */
    private List<Set<String>> load(List<String> keys) {
        List<String> checked = limits.keys(keys);
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("at least one key is required");
        }
        Map<String, String[]> found = store.fieldNamesMany(checked, EntryType.SET, now());
        List<Set<String>> sets = new ArrayList<>(checked.size());
        for (String key : checked) {
            String[] members = found.get(key);
            sets.add(members == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(members)));
        }
        return sets;
    }

    /**
     * Moves a member from one set to another atomically (SMOVE); false if the source lacks it.
     * WRONGTYPE, and nothing changed, if either key holds another type (but false when the source is
     * absent, whatever the target holds).
     */
    public boolean move(String source, String target, String member) {
        String m = limits.field(member);
        String src = limits.key(source);
        String dst = limits.key(target);
        if (src.equals(dst)) {
            return isMember(src, m);
        }
        return writes.write(List.of(src, dst), () -> moveMember(src, dst, m));
    }

    private boolean moveMember(String src, String dst, String m) {
        return transactions.inTransaction(() -> {
            Instant now = now();
            if (store.fieldsRemove(src, EntryType.SET, List.of(m), now) == 0) {
                // As Redis: an absent source is just false; an existing one still gets WRONGTYPE for a bad target
                if (store.fieldCount(src, EntryType.SET, now) > 0) {
                    store.fieldsExist(dst, EntryType.SET, List.of(m), now);
                }
                return false;
            }
            store.fieldsPut(dst, EntryType.SET, List.of(m), Collections.singletonList(null), false, now);
            return true;
        });
    }

    /** Number of members; 0 when absent (SCARD). */
    public long size(String key) {
        String k = limits.key(key);
        String[] members = cached.apply(k);
        return members != null ? members.length : store.fieldCount(k, EntryType.SET, now());
    }

    private Instant now() {
        return clock.instant();
    }
}
