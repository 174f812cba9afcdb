package io.hstorekv.server;

import io.hstorekv.server.command.ServerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** First in every connection's pipeline: counts the bytes clients send, for INFO's total_net_input_bytes. */
@Sharable
final class InputBytesCounter extends ChannelInboundHandlerAdapter {
    private final ServerStats stats;

    InputBytesCounter(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            stats.bytesRead(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
