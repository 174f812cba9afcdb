package io.hstorekv.internal.store;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;

/**
 * PostgreSQL advisory locks on keys, for transactions that name their keys up front (EXEC): taken
 * in ascending lock-id order before the transaction begins, so transactions naming common keys run
 * one after another, across processes, instead of deadlocking; released after it ends. A key's lock
 * id hashes schema, namespace and key to 32 bits (the two-int form, in a class of its own): keys that
 * collide only queue behind each other, and a key that does not exist yet has its lock too.
 */
public final class KeyLocks {
    /** The first int of every lock ours (ASCII "hktx"), apart from other users of advisory locks. */
    private static final int LOCK_CLASS = 0x686b7478;
    private static final String LOCK = "SELECT pg_advisory_lock(" + LOCK_CLASS + ", id) FROM unnest(?::int4[]) AS id";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(" + LOCK_CLASS + ", id) FROM unnest(?::int4[]) AS id";

    private final byte[] scope;

    /** The locks of one namespace's keys. */
    KeyLocks(String schema, String namespace) {
        this.scope = (schema + '\0' + namespace + '\0').getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct lock ids of the keys, ascending: the one order every transaction takes them in. */
    public int[] ids(Collection<String> keys) {
        return keys.stream().mapToInt(this::id).sorted().distinct().toArray();
    }

    /** FNV-1a (64 bits, folded): stable across processes and versions, unlike a JVM's hash seeds. */
    private int id(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : scope) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (int) (hash ^ (hash >>> 32));
    }

    /** Takes the locks (session-level, outside any transaction: waits as long as their holders run). */
    static void lock(Connection c, int[] ids) throws SQLException {
        run(c, LOCK, ids);
    }

    static void unlock(Connection c, int[] ids) throws SQLException {
        run(c, UNLOCK, ids);
    }

    private static void run(Connection c, String sql, int[] ids) throws SQLException {
        if (ids.length == 0) {
            return;
        }
        Array array = c.createArrayOf("int4", Arrays.stream(ids).boxed().toArray());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, array);
            ps.executeQuery().close();
        } finally {
            array.free();
        }
    }
}
