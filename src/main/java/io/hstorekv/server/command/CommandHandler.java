package io.hstorekv.server.command;

import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;

/**
 * One command: reads its arguments, calls the facade, writes exactly one reply. Throwing
 * {@link RedisError} (or a facade exception, mapped by the dispatcher) replies with that error.
 */
@FunctionalInterface
public interface CommandHandler {
    void handle(Session session, Args args, Reply reply);
}
