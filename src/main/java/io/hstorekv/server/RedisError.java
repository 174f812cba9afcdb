package io.hstorekv.server;

/** A command failed in a way the client is told with an error reply; the message starts with the code. */
public final class RedisError extends RuntimeException {
    public RedisError(String message) {
        super(message, null, false, false);
    }

    public static RedisError syntax() {
        return new RedisError("ERR syntax error");
    }

    public static RedisError notInteger() {
        return new RedisError("ERR value is not an integer or out of range");
    }
}
