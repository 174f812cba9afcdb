package io.hstorekv.cli;

import io.hstorekv.HstoreKv;
import io.hstorekv.server.RedisServer;
import io.hstorekv.server.ServerConfig;
import io.hstorekv.util.MemorySize;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code serve}: the Redis-protocol server on a store in PostgreSQL — the database at
 * {@code --database-url}, or else an embedded PostgreSQL whose files live in {@code --data-dir}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the Redis protocol on a store in PostgreSQL.",
                "Without --database-url an embedded PostgreSQL is started, its data in --data-dir.",
                "Every option may also be given as an environment variable HSTOREKV_<OPTION>, e.g. HSTOREKV_PORT."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    /** Exit code for an unusable configuration (bad option values, protected mode). */
    public static final int CONFIG_ERROR = 2;
    /** Exit code when the server could not start (database unreachable, port taken). */
    public static final int START_ERROR = 1;
    /** Each database's near cache, unless the heap is small (see {@link #parseCacheMemory}). */
    static final long DEFAULT_CACHE_MEMORY = 256L * 1024 * 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port for the Redis protocol (default 6380; 0: any free port).")
    int port = 6380;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    String bind = "127.0.0.1";

    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL to keep the data in, e.g. jdbc:postgresql://db:5432/app. Default: an embedded PostgreSQL.")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", description = "User for --database-url.")
    String databaseUser;

    @Option(names = "--database-password", paramLabel = "PASSWORD", description = "Password for --database-url.")
    String databasePassword;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded PostgreSQL keeps its files (default ./hstore-kv-data); kept across restarts.")
    Path dataDir = Paths.get("hstore-kv-data");

    @Option(names = "--embedded-port", paramLabel = "PORT",
            description = "Port of the embedded PostgreSQL, listening on localhost only (default 0: any free port; the ready line says which).")
    int embeddedPort;

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
            description = "Password clients must AUTH with (user 'default'). Required to bind a non-loopback address.")
    String requirePass;

    @Option(names = "--databases", paramLabel = "N", description = "Databases for SELECT: 0..N-1, namespaces db0..db<N-1> (default 16).")
    int databases = 16;

    @Option(names = "--maxclients", paramLabel = "N", description = "Most clients connected at once (default 10000).")
    int maxClients = 10_000;

    @Option(names = "--durability", paramLabel = "SPEC",
            description = "Durability of databases when first created, e.g. db0=async,db1=volatile (others: durable).")
    String durability;

    @Option(names = "--cache", paramLabel = "SPEC",
            description = "Near caches bounded in entries instead of bytes, e.g. db0=100000,db1=50000 (overrides --cache-memory for those).")
    String cache;

    @Option(names = "--cache-memory", paramLabel = "SPEC",
            description = "Near cache memory per database, e.g. 256mb or 64mb,db3=1gb,db5=0 (0: no cache; default 256mb, at most a quarter of the heap).")
    String cacheMemory;

    @Option(names = "--protected-mode-off",
            description = "Allow a non-loopback --bind without --requirepass.")
    boolean protectedModeOff;

    @Option(names = "--pool-size", paramLabel = "N", description = "PostgreSQL connections (default 16).")
    int poolSize = 16;

    @Option(names = "--threads", paramLabel = "N", description = "Threads running commands (default 64: they mostly wait on the database).")
    int threads = ServerConfig.defaultCommandThreads();

    @Option(names = "--io-threads", paramLabel = "N", description = "Event loops serving sockets and near-cache hits (default: one per core, at least 2).")
    int ioThreads = ServerConfig.defaultIoThreads();

    @Option(names = "--proto-max-bulk-len", paramLabel = "BYTES", description = "Largest bulk string a client may send (default 536870912).")
    long protoMaxBulkLen = 512L * 1024 * 1024;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", description = "How long running commands may take to finish on shutdown (default 10).")
    int shutdownTimeoutSeconds = 10;

    /** Builds the server settings from the options; IllegalArgumentException names what is wrong. */
    public ServerConfig serverConfig() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("--embedded-port must be between 0 and 65535, not " + embeddedPort);
        }
        return new ServerConfig()
                .bind(bind)
                .port(port)
                .databases(databases)
                .maxClients(maxClients)
                .requirePass(requirePass)
                .durability(ServerConfig.parseDurability(durability))
                .commandThreads(threads)
                .ioThreads(ioThreads)
                .protoMaxBulkLen(protoMaxBulkLen)
                .shutdownTimeout(Duration.ofSeconds(shutdownTimeoutSeconds));
    }

    /**
     * Protected mode, as Redis's: listening beyond loopback without a password is refused unless
     * --protected-mode-off. Returns the reason to refuse, or null.
     */
    public String protectedModeViolation() {
        if (protectedModeOff || (requirePass != null && !requirePass.isEmpty())) {
            return null;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return "cannot resolve --bind " + bind;
        }
        if (loopback) {
            return null;
        }
        return "refusing to listen on " + bind + " without a password: anyone who can reach it could read and "
                + "change every key. Set --requirepass (or HSTOREKV_REQUIREPASS), bind 127.0.0.1, or pass "
                + "--protected-mode-off if the network is trusted.";
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Running running;
        try {
            running = start(spec.commandLine().getOut());
        } catch (ConfigurationException e) {
            err.println("hstore-kv: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (RuntimeException | IOException e) {
            err.println("hstore-kv: could not start: " + e.getMessage());
            log.debug("start failed", e);
            return START_ERROR;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "hstore-kv-shutdown"));
        running.server().onShutdown(running::close); // SHUTDOWN stops as SIGTERM does
        // SIGTERM and SIGINT ask for a clean stop: close, then exit 0 (the JVM's default would exit 143 or 130).
        SignalHandler stop = signal -> new Thread(running::close, "hstore-kv-stop").start();
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
        running.awaitClosed();
        return 0;
    }

    /**
     * Parses {@code --cache}: {@code db<n>=<entries>} separated by commas, n below the number of
     * databases; null or blank: none.
     */
    static Map<Integer, Long> parseCache(String spec, int databases) {
        return ServerConfig.parsePerDatabase(spec, "cache", "<entries>", databases, value -> {
            if (!value.matches("\\d{1,18}") || Long.parseLong(value) < 1) {
                throw new IllegalArgumentException("entries must be a positive number");
            }
            return Long.parseLong(value);
        });
    }

    /**
     * Parses {@code --cache-memory}: a size for every database and/or {@code db<n>=<size>} for one,
     * separated by commas (Redis units: 256mb, 1gb, ...; 0 turns the cache off). Without a size for
     * every database, the default is 256 MiB or a quarter of {@code maxHeap}, whichever is less.
     * Returns the bytes of each database's cache, databases without one left out.
     */
    static Map<Integer, Long> parseCacheMemory(String spec, int databases, long maxHeap) {
        long everyDatabase = Math.min(DEFAULT_CACHE_MEMORY, maxHeap / 4);
        StringBuilder perDatabase = new StringBuilder();
        if (spec != null) {
            for (String item : spec.trim().replaceAll("\\s*=\\s*", "=").split("[,\\s]+")) {
                if (item.contains("=")) {
                    perDatabase.append(item).append(',');
                } else if (!item.isEmpty()) {
                    everyDatabase = cacheBytes(item);
                }
            }
        }
        Map<Integer, Long> overrides = ServerConfig.parsePerDatabase(perDatabase.toString(), "cache-memory", "<size>",
                databases, ServeCommand::cacheBytes);
        Map<Integer, Long> bytes = new TreeMap<>();
        for (int db = 0; db < databases; db++) {
            long size = overrides.getOrDefault(db, everyDatabase);
            if (size > 0) {
                bytes.put(db, size);
            }
        }
        return bytes;
    }

    private static long cacheBytes(String size) {
        long bytes = MemorySize.parse(size);
        if (bytes < 0) {
            throw new IllegalArgumentException("a cache's memory cannot be negative");
        }
        return bytes;
    }

    /** Near caches: bounded in entries where --cache says so, else in bytes as --cache-memory says. */
    private static HstoreKv.Builder withCaches(HstoreKv.Builder builder, NearCacheSizes caches, ServerConfig config) {
        caches.bytes().forEach((db, bytes) -> {
            if (!caches.entries().containsKey(db)) {
                builder.nearCacheMemory(config.namespaceName(db), bytes);
            }
        });
        caches.entries().forEach((db, entries) -> builder.nearCache(config.namespaceName(db), entries));
        return builder;
    }

    /** Each database's near cache bound: in entries (--cache) or else in bytes (--cache-memory). */
    private record NearCacheSizes(Map<Integer, Long> entries, Map<Integer, Long> bytes) {
        boolean any() {
            return !entries.isEmpty() || !bytes.isEmpty();
        }
    }

    /** Bad option values or protected mode: nothing was started. */
    public static final class ConfigurationException extends RuntimeException {
        ConfigurationException(String message) {
            super(message);
        }
    }

    /**
     * Starts storage and server (not waiting for a signal) and prints the ready line to {@code out}.
     * Close the result to stop both.
     */
    public Running start(PrintWriter out) throws IOException {
        ServerConfig config;
        try {
            config = serverConfig();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        NearCacheSizes caches;
        try {
            caches = new NearCacheSizes(parseCache(cache, databases),
                    parseCacheMemory(cacheMemory, databases, Runtime.getRuntime().maxMemory()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        String violation = protectedModeViolation();
        if (violation != null) {
            throw new ConfigurationException(violation);
        }
        EmbeddedDatabase embedded = null;
        HstoreKv kv = null;
        String storage;
        String dataLocation;
        String jdbcUrl;
        Optional<PostgresAddress> address;
        try {
            if (databaseUrl != null && !databaseUrl.isBlank()) {
                kv = withCaches(HstoreKv.builder().jdbcUrl(databaseUrl).credentials(databaseUser, databasePassword)
                        .poolSize(poolSize).groupCommit(true), caches, config).open();
                storage = "PostgreSQL at " + redact(databaseUrl);
                dataLocation = redact(databaseUrl);
                jdbcUrl = dataLocation;
                address = PostgresAddress.ofJdbcUrl(databaseUrl, databaseUser);
            } else {
                Path dir = dataDir.toAbsolutePath().normalize();
                Files.createDirectories(dir);
                out.println("hstore-kv: starting embedded PostgreSQL, data in " + dir);
                embedded = EmbeddedDatabase.start(dir, embeddedPort);
                PostgresAddress embeddedAddress = PostgresAddress.embedded(embedded.port());
                kv = withCaches(HstoreKv.builder().jdbcUrl(embeddedAddress.jdbcUrl())
                        .credentials(PostgresAddress.EMBEDDED_USER, null).poolSize(poolSize).groupCommit(true), caches, config).open();
                storage = "embedded PostgreSQL " + serverVersion(embedded.postgresDatabase());
                dataLocation = dir.toString();
                jdbcUrl = embeddedAddress.jdbcUrl();
                address = Optional.of(embeddedAddress);
            }
            config.storageDescription(storage + (embedded != null ? " in " + dataLocation : ""))
                    .storageConnection(address.map(PostgresAddress::psqlCommand).orElse(""), jdbcUrl);
            RedisServer server = RedisServer.start(config, kv);
            if (caches.any()) {
                server.cacheHitRatio(kv::nearCacheHitRatio);
            }
            out.println("hstore-kv ready: redis protocol on " + hostPort(config.bind(), server.port())
                    + ", data in " + dataLocation + " (" + storage + ")");
            address.ifPresent(a -> out.println("  SQL:  " + a.psqlCommand()
                    + (databaseUrl == null || databaseUrl.isBlank() ? "   (or: java -jar hstore-kv.jar sql --data-dir " + dataLocation + ")" : "")));
            out.println("  JDBC: " + jdbcUrl);
            out.flush();
            return new Running(server, kv, embedded, config.shutdownTimeout());
        } catch (RuntimeException | IOException e) {
            closeQuietly(kv, embedded);
            throw e;
        }
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL without its query string (which may carry a password). */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String serverVersion(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            String v = rs.getString(1);
            int space = v.indexOf(' ');
            return space < 0 ? v : v.substring(0, space);
        } catch (SQLException e) {
            return "(version unknown)";
        }
    }

    private static void closeQuietly(HstoreKv kv, EmbeddedDatabase embedded) {
        if (kv != null) {
            try {
                kv.close();
            } catch (RuntimeException e) {
                log.warn("closing the store failed", e);
            }
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException | RuntimeException e) {
                log.warn("stopping the embedded PostgreSQL failed", e);
            }
        }
    }

    /** A started server with its store (and embedded PostgreSQL); {@link #close()} stops them in order. */
    public static final class Running implements AutoCloseable {
        private final RedisServer server;
        private final HstoreKv kv;
        private final EmbeddedDatabase embedded;
        private final Duration shutdownTimeout;
        private final CountDownLatch closed = new CountDownLatch(1);
        private boolean closing;

        Running(RedisServer server, HstoreKv kv, EmbeddedDatabase embedded, Duration shutdownTimeout) {
            this.server = server;
            this.kv = kv;
            this.embedded = embedded;
            this.shutdownTimeout = shutdownTimeout;
        }

        public RedisServer server() {
            return server;
        }

        public int port() {
            return server.port();
        }

        /** The embedded PostgreSQL's JDBC URL (user postgres), or null with --database-url. */
        public String embeddedJdbcUrl() {
            return embedded == null ? null : embedded.jdbcUrl();
        }

        /**
         * Stops accepting, lets running commands finish, closes the store, stops PostgreSQL, all within
         * the shutdown timeout (plus the few seconds the server takes to close its connections): a
         * database that has not stopped by then hangs, and an embedded one is killed (its WAL has every
         * committed write; the next start recovers).
         */
        @Override
        public void close() {
            synchronized (this) {
                if (closing) {
                    return;
                }
                closing = true;
            }
            try {
                log.info("hstore-kv shutting down");
                long deadline = System.nanoTime() + shutdownTimeout.toNanos();
                try {
                    server.close();
                } catch (RuntimeException e) {
                    log.warn("stopping the server failed", e);
                }
                Thread storage = new Thread(() -> closeQuietly(kv, embedded), "hstore-kv-close-storage");
                storage.setDaemon(true); // a hung database must not keep the process alive
                storage.start();
                if (!joinUntil(storage, deadline)) {
                    abandonStorage();
                }
            } finally {
                closed.countDown();
            }
        }

        private void abandonStorage() {
            if (embedded == null) {
                log.warn("the database did not close within the shutdown timeout ({} s); leaving it", shutdownTimeout.toSeconds());
                return;
            }
            log.warn("the embedded PostgreSQL did not stop within the shutdown timeout ({} s); killing it", shutdownTimeout.toSeconds());
            embedded.kill();
        }

        /** Waits for the thread to end until the deadline (System.nanoTime); returns whether it ended. */
        private static boolean joinUntil(Thread thread, long deadline) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }

        void awaitClosed() {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
