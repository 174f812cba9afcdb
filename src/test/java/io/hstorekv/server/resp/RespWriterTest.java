package io.hstorekv.server.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RespWriterTest {

    private static String encode(int protocol, Consumer<RespWriter> writes) {
        ByteBuf buf = Unpooled.buffer();
        writes.accept(new RespWriter(buf, protocol));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scalarsInBothProtocols() {
        for (int p : new int[] {2, 3}) {
            assertThat(encode(p, Reply::ok)).isEqualTo("+OK\r\n");
            assertThat(encode(p, w -> w.simple("PONG"))).isEqualTo("+PONG\r\n");
            assertThat(encode(p, w -> w.error("ERR bad\r\nthing"))).isEqualTo("-ERR bad  thing\r\n");
            assertThat(encode(p, w -> w.integer(-42))).isEqualTo(":-42\r\n");
            assertThat(encode(p, w -> w.integer(7))).isEqualTo(":7\r\n");
            assertThat(encode(p, w -> w.bulk("héllo"))).isEqualTo("$6\r\nhéllo\r\n");
            assertThat(encode(p, w -> w.bulk(new byte[0]))).isEqualTo("$0\r\n\r\n");
        }
    }

    @Test
    void resp2Forms() {
        assertThat(encode(2, Reply::nil)).isEqualTo("$-1\r\n");
        assertThat(encode(2, w -> w.bulk((byte[]) null))).isEqualTo("$-1\r\n");
        assertThat(encode(2, Reply::nilArray)).isEqualTo("*-1\r\n");
        assertThat(encode(2, w -> w.map(2))).isEqualTo("*4\r\n");
        assertThat(encode(2, w -> w.set(3))).isEqualTo("*3\r\n");
        assertThat(encode(2, w -> w.doubleValue("1.5"))).isEqualTo("$3\r\n1.5\r\n");
        assertThat(encode(2, w -> w.bool(true))).isEqualTo(":1\r\n");
        assertThat(encode(2, w -> w.verbatim("a:1\r\n"))).isEqualTo("$5\r\na:1\r\n\r\n");
    }

    @Test
    void resp3Forms() {
        assertThat(encode(3, Reply::nil)).isEqualTo("_\r\n");
        assertThat(encode(3, Reply::nilArray)).isEqualTo("_\r\n");
        assertThat(encode(3, w -> w.map(2))).isEqualTo("%2\r\n");
        assertThat(encode(3, w -> w.set(12))).isEqualTo("~12\r\n");
        assertThat(encode(3, w -> w.doubleValue("inf"))).isEqualTo(",inf\r\n");
        assertThat(encode(3, w -> w.bool(false))).isEqualTo("#f\r\n");
        assertThat(encode(3, w -> w.verbatim("a:1\r\n"))).isEqualTo("=9\r\ntxt:a:1\r\n\r\n");
    }

    @Test
    void protocolIsReadPerReply() {
        int[] protocol = {2};
        ByteBuf buf = Unpooled.buffer();
        RespWriter w = new RespWriter(buf, () -> protocol[0]);
        w.nil();
        protocol[0] = 3;
        w.nil();
        assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("$-1\r\n_\r\n");
    }

    @Test
    void rewindDropsAPartialReply() {
        ByteBuf buf = Unpooled.buffer();
        RespWriter w = new RespWriter(buf, 2);
        w.ok();
        int mark = w.mark();
        w.array(3);
        w.bulk("half");
        w.resetTo(mark);
        w.error("ERR failed");
        assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n-ERR failed\r\n");
    }
}
