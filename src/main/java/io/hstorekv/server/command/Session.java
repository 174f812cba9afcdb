package io.hstorekv.server.command;

import io.hstorekv.Namespace;

/**
 * A client connection as commands see it: the typed context every handler gets. The server's
 * connections implement it; data commands use only {@link #namespace()}.
 */
public interface Session {
    /** The server this connection belongs to. */
    Host server();

    long id();

    /** The selected database ({@code SELECT n}). */
    int db();

    /** Selects database {@code db}. */
    void select(int db);

    /** The namespace of the selected database. */
    default Namespace namespace() {
        return server().databases().get(db());
    }

    /** 2 or 3 (HELLO). */
    int protocol();

    void protocol(int protocol);

    /** The CLIENT SETNAME name; null when none. */
    String name();

    void name(String name);

    boolean authenticated();

    void authenticated(boolean authenticated);

    String libName();

    void libName(String libName);

    String libVersion();

    void libVersion(String libVersion);

    /** The client's address, ip:port. */
    String address();

    String localAddress();

    long createdMillis();

    long lastInteractionMillis();

    /** The last command's name, for CLIENT LIST. */
    String lastCommand();

    /** A command is starting: CLIENT LIST shows it and the idle time restarts. */
    void touched(String command);

    /** The connection's MULTI queue. */
    MultiState multi();

    /** Close the connection once the current reply is sent (QUIT). */
    void closeAfterReply();

    /** Closes the connection now (CLIENT KILL). */
    void close();

    /**
     * Runs {@code action} when the connection closes (at once if it has), until replaced; null
     * clears it. A blocking command cancels its wait with it, so that a client gone meanwhile takes
     * nothing.
     */
    void whenClosed(Runnable action);

    /**
     * Counts one key lookup of a read command for INFO's keyspace_hits / keyspace_misses (as Redis:
     * a hit when the key exists).
     */
    default void keyspaceLookup(boolean hit) {
        server().stats().keyspaceLookup(hit);
    }
}
