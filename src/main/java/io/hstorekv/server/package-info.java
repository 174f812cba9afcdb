/**
 * The Redis-protocol server: {@link io.hstorekv.server.RedisServer} (start, stop, the connections it
 * holds) and its {@link io.hstorekv.server.ServerConfig}, the entry points for the command line and
 * for embedding.
 *
 * <h2>Design</h2>
 * Three packages, each depending only on the ones after it: this one (lifecycle and connections, the
 * only one that knows Netty's channels and threads), {@link io.hstorekv.server.command} (what each
 * command does, over the public facade) and {@link io.hstorekv.server.resp} (the wire format). A
 * socket's bytes go through {@code InputBytesCounter} and {@code RespDecoder} on the event loop;
 * {@code ConnectionHandler} queues the decoded commands and runs them on the command threads, each
 * connection's in order, and writes the replies in that order. Commands block on JDBC, so they never
 * run on the event loop. A connection's state is {@code ConnectionState}, which commands see through
 * the {@link io.hstorekv.server.command.Session} interface, and the server through
 * {@link io.hstorekv.server.command.Host}: the command package defines what it needs, this package
 * provides it, and nothing points back.
 */
package io.hstorekv.server;
