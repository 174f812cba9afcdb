package io.hstorekv.server.command;

/** The settings CONFIG SET may change while the server runs, read by every connection. */
public final class Settings {
    private volatile String requirePass;
    private volatile int maxClients;
    private volatile long protoMaxBulkLen;
    private final AcceptedParameters accepted = new AcceptedParameters();

    public Settings(String requirePass, int maxClients, long protoMaxBulkLen) {
        requirePass(requirePass);
        this.maxClients = maxClients;
        this.protoMaxBulkLen = protoMaxBulkLen;
    }

    /** The default user's password; null when none (every connection is authenticated). */
    public String requirePass() {
        return requirePass;
    }

    public void requirePass(String password) {
        this.requirePass = password == null || password.isEmpty() ? null : password;
    }

    public int maxClients() {
        return maxClients;
    }

    public void maxClients(int maxClients) {
        this.maxClients = maxClients;
    }

    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    public void protoMaxBulkLen(long length) {
        this.protoMaxBulkLen = length;
    }

    /** The Redis parameters CONFIG SET stores without an effect here. */
    AcceptedParameters accepted() {
        return accepted;
    }
}
