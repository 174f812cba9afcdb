package io.hstorekv.server.command;

import io.hstorekv.Durability;
import io.hstorekv.HstoreKv;
import io.hstorekv.Namespace;
import io.hstorekv.StoredSize;
import io.hstorekv.server.resp.RedisError;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Database n of the server is the namespace {@code <prefix>db<n>}, opened on first use and kept. */
public final class Databases {
    private final HstoreKv kv;
    private final String prefix;
    private final Map<Integer, Durability> durability;
    private final AtomicReferenceArray<Namespace> opened;

    /** {@code count} databases; {@code durability} of each when created (absent: DURABLE). */
    public Databases(HstoreKv kv, int count, String prefix, Map<Integer, Durability> durability) {
        this.kv = kv;
        this.prefix = prefix;
        this.durability = durability;
        this.opened = new AtomicReferenceArray<>(count);
    }

    /** The namespace behind database {@code db} of a server whose namespaces start with {@code prefix}. */
    public static String namespaceName(String prefix, int db) {
        return prefix + "db" + db;
    }

    public int count() {
        return opened.length();
    }

    /** The database index, checked against the number of databases. */
    public int check(int db) {
        if (db < 0 || db >= opened.length()) {
            throw RedisError.dbIndexOutOfRange();
        }
        return db;
    }

    /** The namespace of database {@code db}, created with its configured durability if it does not exist. */
    public Namespace get(int db) {
        Namespace ns = opened.get(check(db));
        if (ns == null) {
            try {
                ns = kv.namespace(namespaceName(prefix, db), durability.getOrDefault(db, Durability.DURABLE));
            } catch (IllegalStateException e) {
                // created earlier with another durability than configured now
                throw RedisError.databaseConflict(e.getMessage());
            }
            opened.compareAndSet(db, null, ns);
        }
        return ns;
    }

    /** The namespace of database {@code db} if this server has opened it, else null; never blocks. */
    public Namespace opened(int db) {
        return opened.get(check(db));
    }

    /** What database {@code db} stores, if it exists and has size bounds (INFO's bounds section). */
    public Optional<StoredSize> boundedSize(int db) {
        return existing(db).filter(ns -> kv.sizeBounds(ns.name()).bounded()).map(ns -> kv.storedSize(ns.name()));
    }

    /** The namespace of database {@code db} if it exists; never creates one (INFO reads, it must not write). */
    public Optional<Namespace> existing(int db) {
        Namespace ns = opened.get(check(db));
        return ns != null ? Optional.of(ns) : kv.existingNamespace(namespaceName(prefix, db));
    }
}
