package io.hstorekv.internal;

import io.hstorekv.internal.store.StoredForm;
import io.hstorekv.util.Utf8;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Argument checks, done before any SQL runs so that bad input changes nothing and gets a clear
 * {@link IllegalArgumentException}. Keys, fields and members are text (UTF-8, no NUL) or the
 * {@link io.hstorekv.BinaryKeys} form of any bytes; values are bytes or text of any content.
 */
public final class Limits {
    /** Keys share a btree entry (about 2.7 kB) with the namespace name: 2 kB keeps clear of it. */
    public static final int MAX_KEY_BYTES_CEILING = 2048;

    /** The latest expiry instant a key may have (timestamptz goes further; this keeps clear of it). */
    public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * A sorted-set member shares its btree entries (about 2.7 kB at most) with the namespace, the key
     * and the score: key and member together stay within this.
     */
    public static final int MAX_KEY_AND_MEMBER_BYTES = 2560;

    /** The most members a random pick with repetition (ZRANDMEMBER with a negative count) returns: the reply is built in memory. */
    public static final long MAX_RANDOM_MEMBERS = 10_000_000;

    public final int maxKeyBytes;
    public final long maxValueBytes;

    public Limits(int maxKeyBytes, long maxValueBytes) {
        if (maxKeyBytes < 1 || maxKeyBytes > MAX_KEY_BYTES_CEILING) {
            throw new IllegalArgumentException("maxKeyBytes must be 1.." + MAX_KEY_BYTES_CEILING + ", got " + maxKeyBytes);
        }
        if (maxValueBytes < 1 || maxValueBytes > 512L * 1024 * 1024) {
            throw new IllegalArgumentException("maxValueBytes must be 1..512 MiB, got " + maxValueBytes);
        }
        this.maxKeyBytes = maxKeyBytes;
        this.maxValueBytes = maxValueBytes;
    }

    /** The argument, checked not to be null: a null is bad input, so an {@link IllegalArgumentException}. */
    public static <T> T required(T argument, String what) {
        if (argument == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        return argument;
    }

    public String key(String key) {
        return text("key", key, maxKeyBytes);
    }

    /** A hash field or set member: text like keys, bounded by the value limit. */
    public String field(String field) {
        return text("field", field, maxValueBytes);
    }

    /** Sorted-set members of a (checked) key: text like keys, key and member within {@link #MAX_KEY_AND_MEMBER_BYTES}. */
    public List<String> members(String key, Collection<String> members) {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("at least one member is required");
        }
        long room = MAX_KEY_AND_MEMBER_BYTES - Utf8.length(key);
        List<String> checked = new ArrayList<>(members.size());
        for (String member : members) {
            checked.add(text("member", member, room));
        }
        return checked;
    }

    /** Distinct keys in sorted order: batch statements lock rows in one order, so they never deadlock. */
    public List<String> sortedKeys(Collection<String> keys) {
        required(keys, "keys");
        TreeSet<String> sorted = new TreeSet<>(Utf8::compare);
        for (String key : keys) {
            sorted.add(key(key));
        }
        return new ArrayList<>(sorted);
    }

    public List<String> keys(Collection<String> keys) {
        required(keys, "keys");
        List<String> checked = new ArrayList<>(keys.size());
        for (String key : keys) {
            checked.add(key(key));
        }
        return checked;
    }

    public List<String> fields(Collection<String> fields) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("at least one field or member is required");
        }
        List<String> checked = new ArrayList<>(fields.size());
        for (String field : fields) {
            checked.add(field(field));
        }
        return checked;
    }

    /** Checked fields without repeats, first occurrence order (a field named twice counts once). */
    public List<String> distinctFields(Collection<String> fields) {
        return new ArrayList<>(new LinkedHashSet<>(fields(fields)));
    }

    public List<String> distinctFields(String... fields) {
        return distinctFields(Arrays.asList(required(fields, "fields")));
    }

    public String value(String value) {
        required(value, "value");
        long length = Utf8.length(value);
        if (length < 0) {
            throw new IllegalArgumentException("value has an unpaired UTF-16 surrogate: it has no UTF-8 form");
        }
        checkValueLength(length);
        return StoredForm.encode(value);
    }

    public String value(byte[] value) {
        required(value, "value");
        checkValueLength(value.length);
        return StoredForm.encode(value);
    }

    public static Instant expiry(Instant now, Duration ttl) {
        required(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        try {
            return instant(now.plus(ttl));
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("ttl is too large: " + ttl);
        }
    }

    /** The longest lock lease: a holder that needs longer renews. */
    public static final Duration MAX_LEASE = Duration.ofDays(30);

    /** A lock lease: whole milliseconds (the database counts in them), 1 ms to {@link #MAX_LEASE}. */
    public static Duration lease(Duration lease) {
        required(lease, "lease");
        if (lease.compareTo(Duration.ofMillis(1)) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("lease must be 1 ms to " + MAX_LEASE.toDays() + " days, got " + lease);
        }
        return Duration.ofMillis(lease.toMillis());
    }

    /** A time to wait for something: zero (do not wait) or more. */
    public static Duration timeout(Duration timeout) {
        required(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return timeout;
    }

    /** A blocking pop's limit: null (wait as long as it takes) or {@link #timeout a time to wait}. */
    public static Duration waitLimit(Duration timeout) {
        return timeout == null ? null : timeout(timeout);
    }

    public static Instant instant(Instant at) {
        required(at, "expiry instant");
        // timestamptz covers 4713 BC .. 294276 AD; stay well inside it.
        if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST_EXPIRY)) {
            throw new IllegalArgumentException("expiry instant out of range: " + at);
        }
        return at;
    }

    public static BigDecimal finite(double delta) {
        if (!Double.isFinite(delta)) {
            throw new IllegalArgumentException("increment must be a finite number, got " + delta);
        }
        return BigDecimal.valueOf(delta);
    }

    private void checkValueLength(long length) {
        if (length > maxValueBytes) {
            throw new IllegalArgumentException("value of " + length + " bytes exceeds the limit of " + maxValueBytes);
        }
    }

    private static String text(String what, String text, long maxBytes) {
        required(text, what);
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain NUL characters");
        }
        long length = Utf8.length(text);
        if (length < 0) {
            throw new IllegalArgumentException(what + " has an unpaired UTF-16 surrogate: it has no UTF-8 form");
        }
        if (!StoredForm.isCanonical(text)) {
            throw new IllegalArgumentException(what + " starts with U+0001 but is not the form BinaryKeys.of gives for bytes");
        }
        if (length > maxBytes) {
            throw new IllegalArgumentException(what + " of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        return text;
    }
}
