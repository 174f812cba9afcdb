package io.hstorekv.server;

import io.hstorekv.Namespace;

/**
 * What a command needs of its connection. The server's connection state implements it; data
 * commands use only this.
 */
public interface Client {
    /** The namespace of the selected database ({@code SELECT n}). */
    Namespace namespace();

    /** The namespace behind database {@code n} (for commands that name another database). */
    Namespace namespace(int db);

    /** 2 or 3 (HELLO). */
    int protocol();
}
