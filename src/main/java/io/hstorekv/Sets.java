package io.hstorekv;

import io.hstorekv.store.EntryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sets of text members, stored as an hstore whose keys are the members (test membership in SQL
 * with {@code fields ? 'member'}). A set whose last member is removed is deleted. Obtain from
 * {@link Namespace#sets()}.
 */
public final class Sets {
    private final EntryStore store;
    private final Limits limits;
    private final Clock clock;

    Sets(EntryStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /** Adds members; returns how many were new (SADD). */
    public long add(String key, String... members) {
        List<String> distinct = limits.distinctFields(Arrays.asList(members));
        return store.fieldsPut(limits.key(key), EntryStore.SET, distinct,
                Collections.nCopies(distinct.size(), null), false, now());
    }

    /** Removes members; returns how many were present (SREM). */
    public long remove(String key, String... members) {
        List<String> distinct = limits.distinctFields(Arrays.asList(members));
        return store.fieldsRemove(limits.key(key), EntryStore.SET, distinct, now());
    }

    public boolean isMember(String key, String member) {
        return areMembers(key, List.of(member)).get(0);
    }

    /** Membership of each member, in argument order (SMISMEMBER). */
    public List<Boolean> areMembers(String key, List<String> members) {
        Boolean[] exist = store.fieldsExist(limits.key(key), EntryStore.SET, limits.fields(members), now());
        if (exist == null) {
            return Collections.nCopies(members.size(), false);
        }
        return Arrays.asList(exist);
    }

    /** All members; empty when the key is absent (SMEMBERS). */
    public Set<String> members(String key) {
        String[] names = store.fieldNames(limits.key(key), EntryStore.SET, now());
        return names == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(names));
    }

    /** Number of members; 0 when absent (SCARD). */
    public long size(String key) {
        return store.fieldCount(limits.key(key), EntryStore.SET, now());
    }

    private Instant now() {
        return clock.instant();
    }
}
