package io.hstorekv.server;

import io.hstorekv.HstoreKv;
import io.hstorekv.Namespace;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection: selected database, protocol, id, name, authentication and MULTI state.
 * Its commands run one at a time (on the server's command threads), so only CLIENT LIST reads it
 * from elsewhere; the fields it shows are volatile.
 */
public final class ConnectionState implements Client {
    private final RedisServer server;
    private final long id;
    private final String address;
    private final String localAddress;
    private final long createdMillis = System.currentTimeMillis();
    private final Runnable closer;

    private volatile int db;
    private volatile int protocol = 2;
    private volatile String name;
    private volatile boolean authenticated;
    private volatile String libName = "";
    private volatile String libVersion = "";
    private volatile String lastCommand = "NULL";
    private volatile long lastInteractionMillis = createdMillis;

    private boolean inMulti;
    private boolean multiFailed;
    private List<Args> queued;
    private Object transactionState;
    private boolean closeAfterReply;

    ConnectionState(RedisServer server, long id, SocketAddress remote, SocketAddress local, Runnable closer) {
        this.server = server;
        this.id = id;
        this.address = format(remote);
        this.localAddress = format(local);
        this.closer = closer;
        this.authenticated = server.requirePass() == null;
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    // ---- Client ----

    @Override
    public Namespace namespace() {
        return server.databases().get(db);
    }

    @Override
    public Namespace namespace(int db) {
        return server.databases().get(db);
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void keyspaceLookup(boolean hit) {
        (hit ? server.stats().keyspaceHits : server.stats().keyspaceMisses).increment();
    }

    // ---- server and identity ----

    public RedisServer server() {
        return server;
    }

    /** The store behind the server (e.g. for {@link HstoreKv#inTransaction}). */
    public HstoreKv store() {
        return server.store();
    }

    public long id() {
        return id;
    }

    /** The client's address, ip:port. */
    public String address() {
        return address;
    }

    public String localAddress() {
        return localAddress;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public int db() {
        return db;
    }

    /** Selects database {@code db} (range-checked). */
    public void select(int db) {
        if (db < 0 || db >= server.databases().count()) {
            throw new RedisError("ERR DB index is out of range");
        }
        this.db = db;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    /** The CLIENT SETNAME name; null when none. */
    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name == null || name.isEmpty() ? null : name;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public String libName() {
        return libName;
    }

    public void libName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public String lastCommand() {
        return lastCommand;
    }

    void touched(String command) {
        this.lastCommand = command;
        this.lastInteractionMillis = System.currentTimeMillis();
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    // ---- MULTI ----

    public boolean inMulti() {
        return inMulti;
    }

    void beginMulti() {
        inMulti = true;
        multiFailed = false;
        queued = new ArrayList<>();
    }

    /** A command was refused while queueing: EXEC will answer EXECABORT. */
    void failMulti() {
        multiFailed = true;
    }

    boolean multiFailed() {
        return multiFailed;
    }

    void queue(Args command) {
        queued.add(command);
    }

    public int queuedCount() {
        return inMulti ? queued.size() : -1;
    }

    /** Ends MULTI, returning what was queued. */
    List<Args> endMulti() {
        List<Args> result = queued == null ? List.of() : queued;
        inMulti = false;
        multiFailed = false;
        queued = null;
        return result;
    }

    /** Per-connection state of the {@link TransactionRunner} (watched keys and their versions, say). */
    public Object transactionState() {
        return transactionState;
    }

    public void transactionState(Object state) {
        this.transactionState = state;
    }

    // ---- closing ----

    /** Close the connection once the current reply is sent (QUIT). */
    public void closeAfterReply() {
        this.closeAfterReply = true;
    }

    boolean closingAfterReply() {
        return closeAfterReply;
    }

    /** Closes the connection now (CLIENT KILL). */
    public void close() {
        closer.run();
    }
}
