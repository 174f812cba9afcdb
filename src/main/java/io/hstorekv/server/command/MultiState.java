package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import java.util.ArrayList;
import java.util.List;

/** A connection's MULTI: whether it is open, what it queued, and whether queueing failed. */
public final class MultiState {
    private boolean open;
    private boolean failed;
    private List<Args> queued;
    private boolean executing;

    public boolean open() {
        return open;
    }

    void begin() {
        open = true;
        failed = false;
        queued = new ArrayList<>();
    }

    /** A command was refused while queueing: EXEC will answer EXECABORT. */
    void fail() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    void queue(Args command) {
        queued.add(command);
    }

    /** Whether EXEC is running the queued commands (blocking commands then do not block, as in Redis). */
    public boolean executing() {
        return executing;
    }

    void executing(boolean executing) {
        this.executing = executing;
    }

    /** Queued commands, -1 outside MULTI (CLIENT LIST's multi=). */
    public int queuedCount() {
        return open ? queued.size() : -1;
    }

    /** Ends MULTI, returning what was queued. */
    List<Args> end() {
        List<Args> result = queued == null ? List.of() : queued;
        open = false;
        failed = false;
        queued = null;
        return result;
    }
}
