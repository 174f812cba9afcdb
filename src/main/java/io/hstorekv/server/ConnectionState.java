package io.hstorekv.server;

import io.hstorekv.server.command.Host;
import io.hstorekv.server.command.MultiState;
import io.hstorekv.server.command.Session;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One client connection: selected database, protocol, id, name, authentication and MULTI state.
 * Its commands run one at a time (on the server's command threads), so only CLIENT LIST reads it
 * from elsewhere; the fields it shows are volatile.
 */
final class ConnectionState implements Session {
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

    private final MultiState multi = new MultiState();
    private boolean closeAfterReply;
    private boolean disconnected;
    private Runnable onClose;

    ConnectionState(RedisServer server, long id, SocketAddress remote, SocketAddress local, Runnable closer) {
        this.server = server;
        this.id = id;
        this.address = format(remote);
        this.localAddress = format(local);
        this.closer = closer;
        this.authenticated = server.settings().requirePass() == null;
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public Host server() {
        return server;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public long id() {
        return id;
    }

    /** The client's address, ip:port. */
    @Override
    public String address() {
        return address;
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public long createdMillis() {
        return createdMillis;
    }

    @Override
    public int db() {
        return db;
    }

    /** Selects database {@code db} (range-checked). */
    @Override
    public void select(int db) {
        this.db = server.databases().check(db);
    }

    @Override
    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    /** The CLIENT SETNAME name; null when none. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public void name(String name) {
        this.name = name == null || name.isEmpty() ? null : name;
    }

    @Override
    public boolean authenticated() {
        return authenticated;
    }

    @Override
    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    @Override
    public String libName() {
        return libName;
    }

    @Override
    public void libName(String libName) {
        this.libName = libName;
    }

    @Override
    public String libVersion() {
        return libVersion;
    }

    @Override
    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    @Override
    public String lastCommand() {
        return lastCommand;
    }

    @Override
    public void touched(String command) {
        this.lastCommand = command;
        this.lastInteractionMillis = System.currentTimeMillis();
    }

    @Override
    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    @Override
    public MultiState multi() {
        return multi;
    }

    // ---- closing ----

    @Override
    public void closeAfterReply() {
        this.closeAfterReply = true;
    }

    boolean closingAfterReply() {
        return closeAfterReply;
    }

    @Override
    public void close() {
        closer.run();
    }

    @Override
    public synchronized void whenClosed(Runnable action) {
        onClose = action;
        if (action != null && disconnected) {
            action.run();
        }
    }

    /** The connection is gone: runs the action a blocking command left. */
    void disconnected() {
        Runnable action;
        synchronized (this) {
            disconnected = true;
            action = onClose;
        }
        if (action != null) {
            action.run();
        }
    }
}
