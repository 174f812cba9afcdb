package io.hstorekv.server;

import io.hstorekv.HstoreKv;
import io.hstorekv.server.command.CommandTable;
import io.hstorekv.server.command.Databases;
import io.hstorekv.server.command.Dispatcher;
import io.hstorekv.server.command.Host;
import io.hstorekv.server.command.ScanCursors;
import io.hstorekv.server.command.ServerStats;
import io.hstorekv.server.command.Session;
import io.hstorekv.server.command.Settings;
import io.hstorekv.server.resp.InputBudget;
import io.hstorekv.server.resp.RespDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis-protocol server over an {@link HstoreKv} store. Sockets are served by a Netty NIO event
 * loop (idle connections cost no thread); commands run on a bounded pool of command threads, each
 * connection's in order. Database {@code n} is the namespace {@code db<n>}.
 *
 * <pre>{@code
 * try (RedisServer server = RedisServer.start(new ServerConfig().port(0), kv)) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * The store is the caller's: {@link #close()} does not close it.
 */
public final class RedisServer implements Host, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

    /** The Redis version we answer as (HELLO, INFO). */
    public static final String REDIS_VERSION = CommandTable.REDIS_VERSION;
    private static final AtomicLong CLIENT_IDS = new AtomicLong();

    private final ServerConfig config;
    private final HstoreKv kv;
    private final Databases databases;
    private final ServerStats stats = new ServerStats();
    private final Settings settings;
    private final ScanCursors scanCursors = new ScanCursors();
    private final Dispatcher dispatcher;
    private final long startedMillis = System.currentTimeMillis();
    private final Map<Long, ConnectionState> clients = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup("hstore-kv-clients", GlobalEventExecutor.INSTANCE);
    private final ThreadPoolExecutor commandExecutor;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    private final Channel serverChannel;
    private final InputBudget inputBudget;
    private volatile DoubleSupplier cacheHitRatio;
    private volatile Runnable shutdown;
    private volatile boolean closed;

    private RedisServer(ServerConfig config, HstoreKv kv) throws InterruptedException {
        this.config = config;
        this.kv = kv;
        this.settings = new Settings(config.requirePass(), config.maxClients(), config.protoMaxBulkLen());
        this.inputBudget = new InputBudget(config.inputBudget());
        this.databases = new Databases(kv, config.databases(), config.namespacePrefix(), config.durability());
        CommandTable table = CommandTable.standard();
        config.extraCommands().accept(table);
        this.dispatcher = new Dispatcher(table, this);
        this.commandExecutor = new ThreadPoolExecutor(config.commandThreads(), config.commandThreads(),
                60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("hstore-kv-command", true));
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hstore-kv-accept", true),
                NioIoHandler.newFactory());
        this.ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("hstore-kv-io", true),
                NioIoHandler.newFactory());
        try {
            InputBytesCounter inputBytes = new InputBytesCounter(stats);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(bossGroup, ioGroup)
                    .channel(NioServerSocketChannel.class)
                    .handler(new ClientIds())
                    .option(ChannelOption.SO_BACKLOG, 511)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ConnectionHandler handler = new ConnectionHandler(RedisServer.this);
                            ch.pipeline()
                                    .addLast("input-bytes", inputBytes)
                                    .addLast("resp", new RespDecoder(settings::protoMaxBulkLen, handler::mustAuthenticate, inputBudget))
                                    .addLast("commands", handler);
                        }
                    });
            this.serverChannel = bootstrap.bind(config.bind(), config.port()).sync().channel();
        } catch (Exception e) { // bind failures arrive as checked exceptions Netty rethrows unchecked
            shutdownThreads();
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("cannot listen on " + config.bind() + ":" + config.port() + ": " + e, e);
        }
    }

    /** The id of a connection: taken on the accepting thread, so that ids follow the order of accepts (as Redis's). */
    static final AttributeKey<Long> CLIENT_ID = AttributeKey.valueOf("hstore-kv-client-id");

    /** Gives each accepted connection its id before it goes to one of the event loops. */
    @ChannelHandler.Sharable
    private static final class ClientIds extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object accepted) {
            ((Channel) accepted).attr(CLIENT_ID).set(CLIENT_IDS.incrementAndGet());
            ctx.fireChannelRead(accepted);
        }
    }

    /**
     * Starts listening on {@code config.bind():config.port()} (port 0: a free one). The store is
     * used, not owned.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static RedisServer start(ServerConfig config, HstoreKv kv) {
        try {
            return new RedisServer(config, kv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + config.bind() + ":" + config.port(), e);
        }
    }

    /** The port listened on (the one chosen when configured as 0). */
    @Override
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public ServerConfig config() {
        return config;
    }

    public HstoreKv store() {
        return kv;
    }

    @Override
    public Databases databases() {
        return databases;
    }

    @Override
    public ServerStats stats() {
        return stats;
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public CommandTable commands() {
        return dispatcher.table();
    }

    /** Bytes the connections hold for commands not yet run: incomplete, or queued (the input budget's count). */
    public long pendingInputBytes() {
        return inputBudget.held();
    }

    InputBudget inputBudget() {
        return inputBudget;
    }

    @Override
    public long startedMillis() {
        return startedMillis;
    }

    /** What SHUTDOWN runs (on a thread of its own): the process's clean stop; none by default. */
    public void onShutdown(Runnable stop) {
        this.shutdown = stop;
    }

    @Override
    public boolean shutdown() {
        Runnable stop = shutdown;
        if (stop == null) {
            return false;
        }
        new Thread(stop, "hstore-kv-shutdown-command").start();
        return true;
    }

    /** Where INFO's cache hit ratio comes from (null: no cache, ratio 0). */
    public void cacheHitRatio(DoubleSupplier ratio) {
        this.cacheHitRatio = ratio;
    }

    @Override
    public boolean databaseAvailable() {
        return kv.databaseAvailable();
    }

    @Override
    public double cacheHitRatio() {
        DoubleSupplier ratio = cacheHitRatio;
        return ratio == null ? 0 : ratio.getAsDouble();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public ScanCursors scanCursors() {
        return scanCursors;
    }

    @Override
    public String bind() {
        return config.bind();
    }

    @Override
    public String storageDescription() {
        return config.storageDescription();
    }

    @Override
    public String storagePsql() {
        return config.storagePsql();
    }

    @Override
    public String storageJdbcUrl() {
        return config.storageJdbcUrl();
    }

    // ---- connections ----

    ExecutorService commandExecutor() {
        return commandExecutor;
    }

    /** Takes a client slot; false (and nothing taken) when maxclients are connected. */
    boolean admit() {
        while (true) {
            int now = connected.get();
            if (now >= settings.maxClients() || closed) {
                return false;
            }
            if (connected.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        connected.decrementAndGet();
    }

    void register(ConnectionState state, Channel channel) {
        clients.put(state.id(), state);
        channels.add(channel);
    }

    void unregister(ConnectionState state) {
        if (state != null) {
            clients.remove(state.id());
        }
    }

    @Override
    public Collection<Session> clients() {
        List<Session> list = new ArrayList<>(clients.values());
        list.sort(Comparator.comparingLong(Session::id));
        return list;
    }

    @Override
    public int connectedClients() {
        return connected.get();
    }

    /**
     * Stops accepting connections, lets the commands already received finish (up to the configured
     * shutdown timeout), then closes every connection and the threads. The store stays open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        for (Channel channel : channels) {
            channel.config().setAutoRead(false);
        }
        commandExecutor.shutdown();
        long timeoutMillis = config.shutdownTimeout().toMillis();
        try {
            if (!commandExecutor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                log.warn("commands still running after {} ms; interrupting them", timeoutMillis);
                commandExecutor.shutdownNow();
                commandExecutor.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commandExecutor.shutdownNow();
        }
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdownThreads();
    }

    private void shutdownThreads() {
        commandExecutor.shutdownNow();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
