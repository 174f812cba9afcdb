package io.hstorekv.server.resp;

/**
 * What {@link RespDecoder} emits, in order with the commands before it, when a client breaks the
 * protocol: the server replies with {@code message} and closes the connection.
 */
public record ProtocolError(String message) {}
