package io.hstorekv.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One cache entry. The value side (value, weight, retired) is written by callers under the node's
 * monitor; the policy side (queue, links, policyWeight) belongs to the maintenance thread holding
 * the eviction lock, which is why the two weights are kept apart.
 */
final class Node<K, V> {
    static final byte NONE = 0;
    static final byte WINDOW = 1;
    static final byte PROBATION = 2;
    static final byte PROTECTED = 3;

    /** A value with a deadline: stored as one object so a reader never pairs a value with another put's deadline. */
    record Expiring(Object value, long expiresAt) {}

    private static final VarHandle VALUE;
    private static final VarHandle WEIGHT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            VALUE = lookup.findVarHandle(Node.class, "value", Object.class);
            WEIGHT = lookup.findVarHandle(Node.class, "weight", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final K key;
    private volatile Object value; // V, or Expiring wrapping a V
    private volatile int weight;
    private volatile boolean retired; // removed from the map; the policy may still link it

    // Policy side: only touched under the eviction lock.
    byte queue = NONE;
    int policyWeight;
    Node<K, V> prev;
    Node<K, V> next;

    Node(K key, V value, int weight, long expiresAt) {
        this.key = key;
        this.weight = weight;
        this.value = wrap(value, expiresAt);
    }

    static Object wrap(Object value, long expiresAt) {
        return expiresAt == Long.MAX_VALUE ? value : new Expiring(value, expiresAt);
    }

    /** The raw value slot (V or Expiring); one volatile read, no allocation. */
    Object rawValue() {
        return value;
    }

    int weight() {
        return weight;
    }

    boolean isRetired() {
        return retired;
    }

    /**
     * Replaces value, weight and deadline; the caller holds this node's monitor and checked it is
     * not retired. Release stores suffice (readers use volatile loads) and spare a full fence.
     */
    void update(V newValue, int newWeight, long expiresAt) {
        WEIGHT.setRelease(this, newWeight);
        VALUE.setRelease(this, wrap(newValue, expiresAt));
    }

    /** Marks the node as removed from the map; the caller holds this node's monitor. */
    void retire() {
        retired = true;
    }

    /** The deadline of the current value (Long.MAX_VALUE if none). */
    long expiresAt() {
        return value instanceof Expiring e ? e.expiresAt() : Long.MAX_VALUE;
    }

    static boolean isExpired(long expiresAt, long now) {
        return expiresAt != Long.MAX_VALUE && now - expiresAt >= 0;
    }
}
