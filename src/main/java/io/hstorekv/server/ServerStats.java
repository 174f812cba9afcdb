package io.hstorekv.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters for INFO stats (CONFIG RESETSTAT zeroes them). */
public final class ServerStats {
    final LongAdder connectionsReceived = new LongAdder();
    final LongAdder commandsProcessed = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    final LongAdder keyspaceHits = new LongAdder();
    final LongAdder keyspaceMisses = new LongAdder();
    final LongAdder errorReplies = new LongAdder();
    final LongAdder netInputBytes = new LongAdder();
    final LongAdder netOutputBytes = new LongAdder();

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

    void reset() {
        connectionsReceived.reset();
        commandsProcessed.reset();
        rejectedConnections.reset();
        keyspaceHits.reset();
        keyspaceMisses.reset();
        errorReplies.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
    }
}
