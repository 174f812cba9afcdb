/**
 * The command line of {@code target/hstore-kv.jar} (picocli): {@code serve} (the Redis server, with an
 * embedded PostgreSQL unless given a database URL), {@code sql} (statements or psql on the store's
 * database), {@code import} and {@code export}. Every option
 * can also come from an {@code HSTOREKV_*} environment variable. The top layer: it may use every
 * other package; nothing uses it.
 */
package io.hstorekv.cli;
