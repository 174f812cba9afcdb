package io.hstorekv.server.command;

import java.util.concurrent.atomic.LongAdder;

/** Counters for INFO stats (CONFIG RESETSTAT zeroes them). */
public final class ServerStats {
    private final LongAdder connectionsReceived = new LongAdder();
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final LongAdder keyspaceHits = new LongAdder();
    private final LongAdder keyspaceMisses = new LongAdder();
    private final LongAdder errorReplies = new LongAdder();
    private final LongAdder netInputBytes = new LongAdder();
    private final LongAdder netOutputBytes = new LongAdder();
    /** Clients waiting in a blocking command now (a gauge: RESETSTAT leaves it). */
    private final LongAdder blockedClients = new LongAdder();

    public void connectionReceived() {
        connectionsReceived.increment();
    }

    public void connectionRejected() {
        rejectedConnections.increment();
    }

    void commandProcessed() {
        commandsProcessed.increment();
    }

    void keyspaceLookup(boolean hit) {
        (hit ? keyspaceHits : keyspaceMisses).increment();
    }

    /** A client starts ({@code +1}) or stops ({@code -1}) waiting in a blocking command. */
    void blocked(int delta) {
        blockedClients.add(delta);
    }

    long blockedClients() {
        return blockedClients.sum();
    }

    public void errorReplied() {
        errorReplies.increment();
    }

    public void bytesRead(long bytes) {
        netInputBytes.add(bytes);
    }

    public void bytesWritten(long bytes) {
        netOutputBytes.add(bytes);
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long commandsProcessed() {
        return commandsProcessed.sum();
    }

    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    public long keyspaceHits() {
        return keyspaceHits.sum();
    }

    public long keyspaceMisses() {
        return keyspaceMisses.sum();
    }

    public long errorReplies() {
        return errorReplies.sum();
    }

    public long netInputBytes() {
        return netInputBytes.sum();
    }

    public long netOutputBytes() {
        return netOutputBytes.sum();
    }

    void reset() {
        for (LongAdder counter : new LongAdder[] {connectionsReceived, commandsProcessed, rejectedConnections,
                keyspaceHits, keyspaceMisses, errorReplies, netInputBytes, netOutputBytes}) {
            counter.reset();
        }
    }
}
