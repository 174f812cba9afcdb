package io.hstorekv.server.resp;

/**
 * A {@link Reply} that can take back what was written after a mark. The dispatcher marks before
 * each command and rewinds when the handler throws after writing part of its reply, so the error
 * reply replaces the partial one instead of corrupting the stream.
 */
public interface Rewindable {
    /** Where the next reply starts. */
    int mark();

    /** Drops everything written after {@code mark}. */
    void resetTo(int mark);
}
