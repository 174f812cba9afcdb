/**
 * The wire: RESP2 and RESP3 as Redis 7 speaks them, and nothing about what commands mean.
 *
 * <h2>Design</h2>
 * {@link io.hstorekv.server.resp.RespDecoder} turns bytes into {@link io.hstorekv.server.resp.Args}
 * (multibulk or inline, with Redis's limits), or a {@link io.hstorekv.server.resp.ProtocolError}
 * after which the connection closes. Replies are written through {@link io.hstorekv.server.resp.Reply}:
 * {@link io.hstorekv.server.resp.RespWriter} encodes into a Netty buffer in the connection's protocol
 * (RESP3 types degrade to RESP2 forms), {@link io.hstorekv.server.resp.RecordedReply} keeps a reply
 * for later (EXEC sends nothing before its commit), and both can take back a partial reply
 * ({@link io.hstorekv.server.resp.Rewindable}). {@link io.hstorekv.server.resp.RedisError} is the one
 * place where error texts are written, so they read exactly as Redis's.
 */
package io.hstorekv.server.resp;
