package io.hstorekv.server.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A reply kept in memory to be written later: EXEC runs its commands inside a database transaction
 * and must not send their replies before the commit has succeeded.
 */
public final class RecordedReply implements Reply, Rewindable {
    private final List<Consumer<Reply>> calls = new ArrayList<>();

    /** Writes what was recorded to {@code target}. */
    public void replayTo(Reply target) {
        calls.forEach(call -> call.accept(target));
    }

    @Override
    public int mark() {
        return calls.size();
    }

    @Override
    public void resetTo(int mark) {
        calls.subList(mark, calls.size()).clear();
    }

    @Override public void ok() { calls.add(Reply::ok); }
    @Override public void simple(String text) { calls.add(r -> r.simple(text)); }
    @Override public void error(String message) { calls.add(r -> r.error(message)); }
    @Override public void integer(long value) { calls.add(r -> r.integer(value)); }
    @Override public void bulk(byte[] value) { calls.add(r -> r.bulk(value)); }
    @Override public void bulk(String value) { calls.add(r -> r.bulk(value)); }
    @Override public void nil() { calls.add(Reply::nil); }
    @Override public void nilArray() { calls.add(Reply::nilArray); }
    @Override public void array(int count) { calls.add(r -> r.array(count)); }
    @Override public void map(int pairs) { calls.add(r -> r.map(pairs)); }
    @Override public void set(int count) { calls.add(r -> r.set(count)); }
    @Override public void doubleValue(String text) { calls.add(r -> r.doubleValue(text)); }
    @Override public void bool(boolean value) { calls.add(r -> r.bool(value)); }
}
