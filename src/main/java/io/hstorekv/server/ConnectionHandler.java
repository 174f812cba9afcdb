package io.hstorekv.server;

import io.hstorekv.server.command.Dispatcher;
import io.hstorekv.server.resp.Args;
import io.hstorekv.server.resp.ProtocolError;
import io.hstorekv.server.resp.RedisError;
import io.hstorekv.server.resp.Reply;
import io.hstorekv.server.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline. A plain GET that the near cache answers is answered
 * on the event loop, when nothing of the connection is queued or running before it; other commands
 * are queued here and run on the server's command threads (they block on JDBC), one at a time per
 * connection and in arrival order, and their replies are written in that order. Whoever holds
 * {@code scheduled} (a command thread's turn, or the event loop answering from the cache) owns the
 * connection's state and writer. A connection that pipelines far ahead (in commands or in bytes)
 * stops being read until its queue drains. Queued commands count against the server's input
 * budget until they leave the queue.
 *
 * <p>A command may leave a later reply ({@link io.hstorekv.server.command.Session#defer}, e.g. a
 * blocked BLPOP): its turn ends there, and the connection runs nothing more of its own until that
 * reply completes; the turn it schedules then writes it, in order, and goes on with the queue. A
 * connection that closes meanwhile cancels it.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final byte[] MAX_CLIENTS = ("-" + RedisError.maxClients().reply() + "\r\n").getBytes(StandardCharsets.US_ASCII);

    /** Pending commands at which reading pauses, and below which it resumes. */
    static final int HIGH_WATER = 1024;
    static final int LOW_WATER = 256;
    /** Bytes of pending commands at which reading pauses, and below which it resumes. */
    static final long HIGH_WATER_BYTES = 1024 * 1024;
    static final long LOW_WATER_BYTES = 256 * 1024;
    /** Commands one turn of a connection runs before yielding its thread to other connections. */
    private static final int TURN = 256;

    private final RedisServer server;
    private final Queue<Object> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean resumeRequested = new AtomicBoolean();
    /** Replies a command thread handed to the event loop that it has not written yet. */
    private final AtomicInteger handoffs = new AtomicInteger();
    /** Replies written on the event loop and not yet flushed (event loop only). */
    private boolean unflushed;
    private volatile boolean closed;
    /** Reading is paused (changed on the event loop only). */
    private volatile boolean paused;
    private volatile boolean cleanedUp;
    private boolean rejected;
    private ChannelHandlerContext ctx;
    private ConnectionState state;
    private RespWriter writer;
    /** The later reply the connection waits for before its next command; touched by turns only. */
    private volatile CompletableFuture<Consumer<Reply>> waiting;

    ConnectionHandler(RedisServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        server.stats().connectionReceived();
        if (!server.admit()) {
            rejected = true;
            closed = true;
            server.stats().connectionRejected();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(MAX_CLIENTS)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        state = new ConnectionState(server, ctx.channel().attr(RedisServer.CLIENT_ID).get(), ctx.channel().remoteAddress(),
                ctx.channel().localAddress(), () -> ctx.close());
        writer = new RespWriter(ctx.alloc().buffer(256), state::protocol);
        server.register(state, ctx.channel());
        ctx.fireChannelActive();
    }

    /** Whether the connection has still to AUTH (read by the decoder for Redis's limits before it). */
    boolean mustAuthenticate() {
        return state == null ? server.settings().requirePass() != null : !state.authenticated();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            dequeued(msg);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Args args && answeredFromCache(args)) {
            server.inputBudget().release(args.size());
            return;
        }
        pending.add(msg);
        if (msg instanceof Args args) {
            pendingBytes.addAndGet(args.size());
        }
        if ((pendingCount.incrementAndGet() >= HIGH_WATER || pendingBytes.get() >= HIGH_WATER_BYTES) && !paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
        schedule();
    }

    /**
     * Answers the command here, on the event loop, if the near cache can and nothing of this
     * connection is queued, running, or on its way to the socket (its replies stay in order).
     */
    private boolean answeredFromCache(Args args) {
        if (!pending.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return false;
        }
        try {
            // Checked once we own the connection: no command thread can hand off a reply meanwhile.
            if (handoffs.get() > 0 || !server.dispatcher().answerFromCache(state, args, writer)) {
                return false;
            }
            ByteBuf out = writer.buffer();
            writer.buffer(ctx.alloc().buffer(256));
            server.stats().bytesWritten(out.readableBytes());
            ctx.write(out, ctx.voidPromise());
            unflushed = true;
            return true;
        } finally {
            scheduled.set(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (!rejected) {
            server.release();
            server.unregister(state);
            schedule(); // runs the clean-up on the command thread, after a command still running
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                server.commandExecutor().execute(this::drain);
            } catch (RejectedExecutionException e) {
                // shutting down: no more commands run
                scheduled.set(false);
                closed = true;
                ctx.close();
                cleanUp();
            }
        }
    }

    private void cleanUp() {
        if (!cleanedUp) {
            cleanedUp = true;
            for (Object msg; (msg = pending.poll()) != null; ) {
                dequeued(msg);
            }
            if (writer != null) {
                writer.buffer().release();
            }
            if (waiting != null) {
                waiting.cancel(false);
            }
            if (state != null) {
                server.dispatcher().disconnected(state);
            }
        }
    }

    /** One turn on a command thread: runs queued commands and sends their replies. */
    private void drain() {
        try {
            int ran = 0;
            Object msg;
            if (waiting != null && waiting.isDone() && !closed) {
                Consumer<Reply> write = waiting.join();
                waiting = null;
                write.accept(writer);
            }
            while (waiting == null && ran < TURN && (msg = pending.poll()) != null) {
                ran++;
                dequeued(msg);
                pendingCount.decrementAndGet();
                if (!closed) {
                    Dispatcher.Batchable kind = msg instanceof Args args ? server.dispatcher().batchable(state, args) : null;
                    List<Args> batch = kind == null ? null : batchFrom((Args) msg, kind);
                    if (batch == null) {
                        process(msg);
                        waiting = state.takeDeferred();
                        if (waiting != null) {
                            waiting.whenComplete((write, failure) -> schedule());
                        }
                    } else {
                        ran += batch.size() - 1;
                        pendingCount.addAndGet(-(batch.size() - 1));
                        server.dispatcher().executeBatch(state, batch, kind, writer);
                    }
                }
                if (paused && belowLowWater()) {
                    requestResume();
                }
                // A reply goes out once its command (or batched run) is done, as Redis's: a client
                // reading a long pipeline must not wait for the whole turn (its read would time out).
                if (!closed) {
                    flush(false);
                }
            }
            if (!closed) {
                flush(false);
                if (paused && belowLowWater()) {
                    requestResume();
                }
            } else {
                cleanUp();
            }
        } catch (RuntimeException | Error e) {
            log.error("connection {}: command loop failed; closing it", state == null ? "?" : state.address(), e);
            closed = true;
            ctx.close();
            cleanUp();
        } finally {
            scheduled.set(false);
        }
        // pending commands, a pause that began while this turn ran, or a clean-up to do: another turn
        boolean blocked = waiting != null && !waiting.isDone();
        if ((!pending.isEmpty() && !blocked) || (waiting != null && !blocked && !closed)
                || (paused && !resumeRequested.get() && !closed && !blocked) || (closed && !cleanedUp)) {
            schedule();
        }
    }

    /**
     * A pipelined run of plain GETs (or SETs) starting with {@code first}, taken off the queue, when
     * at least one more of the same kind follows; else null and nothing is taken.
     */
    private List<Args> batchFrom(Args first, Dispatcher.Batchable kind) {
        Dispatcher dispatcher = server.dispatcher();
        if (!(pending.peek() instanceof Args next) || dispatcher.batchable(state, next) != kind) {
            return null;
        }
        List<Args> batch = new ArrayList<>();
        batch.add(first);
        while (batch.size() < TURN && pending.peek() instanceof Args more && dispatcher.batchable(state, more) == kind) {
            Object taken = pending.poll();
            dequeued(taken);
            batch.add((Args) taken);
        }
        return batch;
    }

    private boolean belowLowWater() {
        return pendingCount.get() < LOW_WATER && pendingBytes.get() < LOW_WATER_BYTES;
    }

    /** A message left the queue: its bytes no longer count as pending, here and in the input budget. */
    private void dequeued(Object msg) {
        if (msg instanceof Args args) {
            pendingBytes.addAndGet(-args.size());
            server.inputBudget().release(args.size());
        }
    }

    /** Asks the event loop to read again once the backlog is below the low-water mark. */
    private void requestResume() {
        if (!closed && resumeRequested.compareAndSet(false, true)) {
            ctx.channel().eventLoop().execute(() -> {
                resumeRequested.set(false);
                if (paused && belowLowWater()) {
                    paused = false;
                    ctx.channel().config().setAutoRead(true);
                } else if (paused) {
                    schedule(); // still behind: the next turn asks again
                }
            });
        }
    }

    private void process(Object msg) {
        if (msg instanceof Args args) {
            server.dispatcher().execute(state, args, writer);
            if (state.closingAfterReply()) {
                closed = true;
                flush(true);
            }
        } else if (msg instanceof ProtocolError error) {
            server.stats().errorReplied();
            writer.error(error.message());
            closed = true;
            flush(true);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Hands the replies gathered so far to the event loop (counted, so that it answers nothing ahead of them). */
    private void flush(boolean thenClose) {
        ByteBuf out = writer.buffer();
        if (!out.isReadable()) {
            if (thenClose) {
                ctx.close();
            }
            return;
        }
        server.stats().bytesWritten(out.readableBytes());
        writer.buffer(ctx.alloc().buffer(Math.min(Math.max(256, out.readableBytes()), 64 * 1024)));
        handoffs.incrementAndGet();
        try {
            ctx.executor().execute(() -> {
                handoffs.decrementAndGet();
                if (thenClose) {
                    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.writeAndFlush(out, ctx.voidPromise());
                }
            });
        } catch (RejectedExecutionException e) { // the event loop is shutting down: nothing more is sent
            handoffs.decrementAndGet();
            out.release();
        }
    }
}
