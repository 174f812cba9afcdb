package io.hstorekv.server;

import io.hstorekv.Durability;
import io.hstorekv.server.command.CommandTable;
import io.hstorekv.server.command.Databases;
import io.hstorekv.server.resp.RespDecoder;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/** Settings of a {@link RedisServer}; fluent setters, defaults as the command line's. */
public final class ServerConfig {
    private String bind = "127.0.0.1";
    private int port = 6380;
    private int databases = 16;
    private int maxClients = 10_000;
    private String requirePass;
    private long protoMaxBulkLen = RespDecoder.DEFAULT_MAX_BULK;
    private long inputBudget = Runtime.getRuntime().maxMemory() / 2;
    private Map<Integer, Durability> durability = Map.of();
    private int commandThreads = defaultCommandThreads();
    private int ioThreads = defaultIoThreads();
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private String storageDescription = "";
    private String storagePsql = "";
    private String storageJdbcUrl = "";
    private Consumer<CommandTable> extraCommands = t -> {};
    private String namespacePrefix = "";

    /**
     * Commands mostly wait on PostgreSQL, and group commit turns concurrent waiters into one
     * statement: more threads mean bigger batches, not more CPU.
     */
    public static int defaultCommandThreads() {
        return 64;
    }

    /** One event loop per core, at least two: near-cache hits are answered on them. */
    public static int defaultIoThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public String bind() {
        return bind;
    }

    /** The address to listen on; default 127.0.0.1. */
    public ServerConfig bind(String bind) {
        this.bind = bind;
        return this;
    }

    public int port() {
        return port;
    }

    /** The TCP port; 0 takes a free one ({@link RedisServer#port()} tells which). Default 6380. */
    public ServerConfig port(int port) {
        this.port = port;
        return this;
    }

    public int databases() {
        return databases;
    }

    /** How many databases SELECT reaches (0 .. n-1), each the namespace {@code db<n>}; default 16. */
    public ServerConfig databases(int databases) {
        if (databases < 1) {
            throw new IllegalArgumentException("databases must be at least 1");
        }
        this.databases = databases;
        return this;
    }

    public int maxClients() {
        return maxClients;
    }

    public ServerConfig maxClients(int maxClients) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxclients must be at least 1");
        }
        this.maxClients = maxClients;
        return this;
    }

    public String requirePass() {
        return requirePass;
    }

    /** The password of the default user; null or empty: no password (every connection is authenticated). */
    public ServerConfig requirePass(String requirePass) {
        this.requirePass = requirePass == null || requirePass.isEmpty() ? null : requirePass;
        return this;
    }

    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    public ServerConfig protoMaxBulkLen(long protoMaxBulkLen) {
        if (protoMaxBulkLen < 1024 * 1024) {
            throw new IllegalArgumentException("proto-max-bulk-len must be at least 1048576");
        }
        this.protoMaxBulkLen = protoMaxBulkLen;
        return this;
    }

    public long inputBudget() {
        return inputBudget;
    }

    /**
     * The most bytes all connections together may have sent of commands not yet complete (a large
     * value on its way counts until its last byte is in); a connection that would pass it gets a
     * protocol error and is closed. Default: half the JVM's maximum heap.
     */
    public ServerConfig inputBudget(long inputBudget) {
        if (inputBudget < 1) {
            throw new IllegalArgumentException("the input budget must be positive, got " + inputBudget);
        }
        this.inputBudget = inputBudget;
        return this;
    }

    public Map<Integer, Durability> durability() {
        return durability;
    }

    /** The durability of a database's namespace when it is created; absent ones are DURABLE. */
    public ServerConfig durability(Map<Integer, Durability> durability) {
        this.durability = Collections.unmodifiableMap(new TreeMap<>(durability));
        return this;
    }

    public Durability durability(int db) {
        return durability.getOrDefault(db, Durability.DURABLE);
    }

    public int commandThreads() {
        return commandThreads;
    }

    /** Threads that run commands (they block on JDBC); each connection's commands run in order. */
    public ServerConfig commandThreads(int commandThreads) {
        if (commandThreads < 1) {
            throw new IllegalArgumentException("command threads must be at least 1");
        }
        this.commandThreads = commandThreads;
        return this;
    }

    public int ioThreads() {
        return ioThreads;
    }

    /** Netty event-loop threads (socket I/O, RESP decoding, near-cache hits); default {@link #defaultIoThreads()}. */
    public ServerConfig ioThreads(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("io threads must be at least 1");
        }
        this.ioThreads = ioThreads;
        return this;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How long {@link RedisServer#close()} lets running commands finish. */
    public ServerConfig shutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    public String storageDescription() {
        return storageDescription;
    }

    /** Shown by INFO server (e.g. "embedded PostgreSQL 17.6 in /var/lib/hstore-kv"). */
    public ServerConfig storageDescription(String storageDescription) {
        this.storageDescription = storageDescription == null ? "" : storageDescription;
        return this;
    }

    public String storagePsql() {
        return storagePsql;
    }

    public String storageJdbcUrl() {
        return storageJdbcUrl;
    }

    /**
     * How to reach the store's PostgreSQL in SQL, shown by INFO persistence: a psql command line and
     * a JDBC URL (e.g. the embedded database's); empty: not shown.
     */
    public ServerConfig storageConnection(String psql, String jdbcUrl) {
        this.storagePsql = psql == null ? "" : psql;
        this.storageJdbcUrl = jdbcUrl == null ? "" : jdbcUrl;
        return this;
    }

    public String namespacePrefix() {
        return namespacePrefix;
    }

    /** The namespace behind database {@code db}: {@code <prefix>db<n>}. */
    public String namespaceName(int db) {
        return Databases.namespaceName(namespacePrefix, db);
    }

    /**
     * Database n is the namespace {@code <prefix>db<n>}; default no prefix. Lets several servers (or
     * test classes) share one PostgreSQL without sharing keys.
     */
    public ServerConfig namespacePrefix(String namespacePrefix) {
        if (namespacePrefix == null || !namespacePrefix.matches("[a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("namespace prefix must be up to 40 characters of a-z, 0-9 and _");
        }
        this.namespacePrefix = namespacePrefix;
        return this;
    }

    public Consumer<CommandTable> extraCommands() {
        return extraCommands;
    }

    /** Registers more commands after the standard ones (tests, extensions). */
    public ServerConfig extraCommands(Consumer<CommandTable> extraCommands) {
        this.extraCommands = extraCommands;
        return this;
    }

    /**
     * Parses {@code db0=async,db1=volatile} (also {@code 1=volatile}; separators comma or space;
     * durabilities durable, async, volatile, any case).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<Integer, Durability> parseDurability(String spec) {
        return parsePerDatabase(spec, "durability", "durable|async|volatile", Integer.MAX_VALUE, value -> {
            try {
                return Durability.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the durability must be durable, async or volatile");
            }
        });
    }

    /**
     * Parses a per-database option, {@code db0=<value>,db1=<value>} (also {@code 1=<value>};
     * separators comma or space, spaces around {@code =} allowed), databases below {@code databases}.
     * {@code parseValue} throws IllegalArgumentException saying what is wrong with a value.
     *
     * @param what the option's name in messages ("durability", "cache")
     * @param form how a value is written, for messages ("&lt;entries&gt;")
     * @throws IllegalArgumentException naming the bad entry
     */
    public static <T> Map<Integer, T> parsePerDatabase(String spec, String what, String form, int databases,
                                                       Function<String, T> parseValue) {
        Map<Integer, T> result = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return result;
        }
        for (String entry : spec.trim().replaceAll("\\s*=\\s*", "=").split("[,\\s]+")) {
            String problem = what + " entry '" + entry + "'";
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(problem + " is not db<n>=" + form);
            }
            String name = entry.substring(0, eq);
            String digits = name.toLowerCase(Locale.ROOT).startsWith("db") ? name.substring(2) : name;
            if (!digits.matches("\\d{1,9}")) {
                throw new IllegalArgumentException(problem + ": '" + name + "' is not a database (db0, db1, ...), as in db<n>="
                        + form);
            }
            int db = Integer.parseInt(digits);
            if (db >= databases) {
                throw new IllegalArgumentException(problem + ": there are only " + databases + " databases");
            }
            try {
                result.put(db, parseValue.apply(entry.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(problem + ": " + e.getMessage(), e);
            }
        }
        return result;
    }
}
