package io.hstorekv.server.command;

import java.util.Collection;

/** The server as commands see it: its databases, commands, connections, settings and counters. */
public interface Host {
    Databases databases();

    CommandTable commands();

    Dispatcher dispatcher();

    ServerStats stats();

    /** What CONFIG SET may change. */
    Settings settings();

    /** Where SCAN cursors of this server resume. */
    ScanCursors scanCursors();

    /** The connected clients, by id. */
    Collection<? extends Session> clients();

    int connectedClients();

    String bind();

    /** The port listened on. */
    int port();

    long startedMillis();

    /** Shown by INFO server, e.g. "embedded PostgreSQL 17.6 in /var/lib/hstore-kv". */
    String storageDescription();

    /** For INFO persistence: a psql command line reaching the store's PostgreSQL, or "" if unknown. */
    String storagePsql();

    /** For INFO persistence: a JDBC URL of the store's PostgreSQL (no password), or "" if unknown. */
    String storageJdbcUrl();

    /** Whether the store's database answers (INFO persistence's database_status): false while it is unreachable. */
    boolean databaseAvailable();

    /**
     * SHUTDOWN: asks the process to stop as SIGTERM does (stop accepting, finish running commands,
     * close the store); false when nothing stops this server that way (a server embedded in an
     * application is stopped by the application).
     */
    boolean shutdown();

    /** The near caches' hit ratio for INFO (0 without caches). */
    double cacheHitRatio();
}
