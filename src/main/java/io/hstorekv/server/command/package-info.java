/**
 * The commands: each a thin adapter from Redis's arguments and replies to the facade
 * ({@link io.hstorekv.Namespace}, {@link io.hstorekv.Hashes}, {@link io.hstorekv.Sets}).
 *
 * <h2>Design</h2>
 * {@link io.hstorekv.server.command.CommandTable} maps a name to its Redis metadata and a
 * {@link io.hstorekv.server.command.CommandHandler}; one class per family registers its commands
 * (strings, keys, hashes, sets, transactions, connection, CLIENT, INFO, COMMAND, CONFIG, server).
 * {@link io.hstorekv.server.command.Dispatcher} does what Redis's processCommand does before a
 * handler runs (unknown command, arity, authentication, MULTI queueing) and turns what a handler
 * throws into one error reply: {@link io.hstorekv.server.resp.RedisError} as it is, facade exceptions
 * mapped to Redis's texts, anything else (a bug, the database) to a short error with an id that the
 * log explains. Handlers get a typed context: the connection as a
 * {@link io.hstorekv.server.command.Session}, the server as a {@link io.hstorekv.server.command.Host};
 * both are interfaces of this package, implemented by {@link io.hstorekv.server}, so this package
 * never depends on the one that runs it.
 *
 * <p>Database {@code n} is the namespace {@code <prefix>db<n>} ({@link io.hstorekv.server.command.Databases});
 * commands that only read (INFO) never create one. SCAN cursors are numbers the server maps to the
 * key a scan resumes after ({@link io.hstorekv.server.command.ScanCursors}), since clients parse them.
 */
package io.hstorekv.server.command;
