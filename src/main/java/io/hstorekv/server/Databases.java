package io.hstorekv.server;

import io.hstorekv.HstoreKv;
import io.hstorekv.Namespace;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Database n of the server is the namespace {@code db<n>}, opened on first use and kept. */
public final class Databases {
    private final HstoreKv kv;
    private final ServerConfig config;
    private final AtomicReferenceArray<Namespace> opened;

    Databases(HstoreKv kv, ServerConfig config) {
        this.kv = kv;
        this.config = config;
        this.opened = new AtomicReferenceArray<>(config.databases());
    }

    public int count() {
        return opened.length();
    }

    /** The namespace behind database {@code db}: {@code db<n>}, after the configured prefix. */
    public String namespaceName(int db) {
        return config.namespacePrefix() + "db" + db;
    }

    /** The namespace of database {@code db}, created with its configured durability if it does not exist. */
    public Namespace get(int db) {
        if (db < 0 || db >= opened.length()) {
            throw new RedisError("ERR DB index is out of range");
        }
        Namespace ns = opened.get(db);
        if (ns == null) {
            try {
                ns = kv.namespace(namespaceName(db), config.durability(db));
            } catch (IllegalStateException e) {
                // created earlier with another durability than configured now
                throw new RedisError("ERR " + e.getMessage());
            }
            opened.compareAndSet(db, null, ns);
        }
        return ns;
    }
}
