package io.hstorekv.server;

import io.hstorekv.Namespace;

/**
 * What a command needs of its connection. The server's connection state implements it; data
 * commands use only this.
 */
public interface Client {
    /** The namespace of the selected database ({@code SELECT n}). */
    Namespace namespace();

    /** The namespace behind database {@code n} (for commands that name another database). */
    Namespace namespace(int db);

    /** 2 or 3 (HELLO). */
    int protocol();

    /**
     * Counts one key lookup of a read command for INFO's keyspace_hits / keyspace_misses (as Redis:
     * GET, HGET, SISMEMBER, ... count a hit when the key exists). The server's connections count it;
     * the default ignores it.
     */
    default void keyspaceLookup(boolean hit) {}
}
