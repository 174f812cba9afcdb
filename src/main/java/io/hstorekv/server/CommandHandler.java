package io.hstorekv.server;

/**
 * One command: reads its arguments, calls the facade, writes exactly one reply. Throwing
 * {@link RedisError} (or a facade exception, mapped by the dispatcher) replies with that error.
 */
@FunctionalInterface
public interface CommandHandler {
    void handle(Client client, Args args, Reply reply);
}
