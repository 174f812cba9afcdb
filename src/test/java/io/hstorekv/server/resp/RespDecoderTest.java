package io.hstorekv.server.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(() -> 1024 * 1024));

    private void write(String text) {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void write(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private List<Object> messages() {
        List<Object> out = new ArrayList<>();
        Object m;
        while ((m = channel.readInbound()) != null) {
            out.add(m);
        }
        return out;
    }

    private static List<String> strings(Object message) {
        assertThat(message).isInstanceOf(Args.class);
        Args args = (Args) message;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.count(); i++) {
            out.add(args.string(i));
        }
        return out;
    }

    private static String error(Object message) {
        assertThat(message).isInstanceOf(ProtocolError.class);
        return ((ProtocolError) message).message();
    }

    @Test
    void multibulkFrame() {
        write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
        List<Object> out = messages();
        assertThat(out).hasSize(1);
        assertThat(strings(out.get(0))).containsExactly("SET", "k", "hello");
    }

    @Test
    void frameSplitByteByByte() {
        byte[] frame = "*2\r\n$4\r\nECHO\r\n$12\r\nhello\r\nworld\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < frame.length; i++) {
            write(new byte[] {frame[i]});
            if (i < frame.length - 1) {
                assertThat(messages()).as("after byte %d", i).isEmpty();
            }
        }
        List<Object> out = messages();
        assertThat(out).hasSize(1);
        assertThat(strings(out.get(0))).containsExactly("ECHO", "hello\r\nworld");
    }

    @Test
    void binaryPayloadIsKeptAsBytes() {
        byte[] payload = {0, (byte) 0xff, '\r', '\n', 'x'};
        ByteBuf buf = Unpooled.buffer();
        buf.writeCharSequence("*2\r\n$3\r\nSET\r\n$5\r\n", StandardCharsets.US_ASCII);
        buf.writeBytes(payload);
        buf.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
        channel.writeInbound(buf);
        Args args = (Args) messages().get(0);
        assertThat(args.bytes(1)).containsExactly(payload);
    }

    @Test
    void pipelinedFramesComeOutInOrder() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            many.append("*2\r\n$4\r\nECHO\r\n$").append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
            if (i % 7 == 0) {
                many.append("PING ").append(i).append("\r\n");
            }
        }
        write(many.toString());
        List<Object> out = messages();
        int expectedEcho = 0;
        int pings = 0;
        for (Object m : out) {
            List<String> s = strings(m);
            if (s.get(0).equals("ECHO")) {
                assertThat(s.get(1)).isEqualTo(Integer.toString(expectedEcho++));
            } else {
                assertThat(s).containsExactly("PING", Integer.toString(expectedEcho - 1));
                pings++;
            }
        }
        assertThat(expectedEcho).isEqualTo(500);
        assertThat(pings).isEqualTo(72);
    }

    @Test
    void pipelinedFramesSplitAtEveryPosition() {
        String two = "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nGET k\r\n";
        for (int cut = 1; cut < two.length(); cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
            ch.writeInbound(Unpooled.copiedBuffer(two.substring(0, cut), StandardCharsets.US_ASCII));
            ch.writeInbound(Unpooled.copiedBuffer(two.substring(cut), StandardCharsets.US_ASCII));
            List<List<String>> got = new ArrayList<>();
            Object m;
            while ((m = ch.readInbound()) != null) {
                got.add(strings(m));
            }
            assertThat(got).as("cut at %d", cut)
                    .containsExactly(List.of("PING"), List.of("ECHO", "hi"), List.of("GET", "k"));
        }
    }

    @Test
    void inlineCommands() {
        write("PING\r\nset  k   v\nECHO \"a b\\n\\x41\" 'it\\'s'\r\n\r\n   \r\n");
        List<Object> out = messages();
        assertThat(out).hasSize(3);
        assertThat(strings(out.get(0))).containsExactly("PING");
        assertThat(strings(out.get(1))).containsExactly("set", "k", "v");
        assertThat(strings(out.get(2))).containsExactly("ECHO", "a b\nA", "it's");
    }

    @Test
    void splitArgsFollowsSdssplitargs() {
        assertThat(RespDecoder.splitArgs("".getBytes())).isEmpty();
        assertThat(RespDecoder.splitArgs("a \"\" b".getBytes())).extracting(String::new).containsExactly("a", "", "b");
        assertThat(RespDecoder.splitArgs("\"\\t\\r\\\\\"".getBytes())).extracting(String::new).containsExactly("\t\r\\");
        assertThat(RespDecoder.splitArgs("'a\"b'".getBytes())).extracting(String::new).containsExactly("a\"b");
        assertThat(RespDecoder.splitArgs("\"abc".getBytes())).isNull();
        assertThat(RespDecoder.splitArgs("'abc".getBytes())).isNull();
        assertThat(RespDecoder.splitArgs("\"a\"b".getBytes())).isNull();
        assertThat(RespDecoder.splitArgs("'a'b".getBytes())).isNull();
    }

    @Test
    void emptyAndNegativeMultibulkAreIgnored() {
        write("*0\r\n*-1\r\n*-10\r\n*1\r\n$4\r\nPING\r\n");
        List<Object> out = messages();
        assertThat(out).hasSize(1);
        assertThat(strings(out.get(0))).containsExactly("PING");
    }

    @Test
    void unbalancedQuotes() {
        write("PING\r\nSET \"k v\r\nPING\r\n");
        List<Object> out = messages();
        assertThat(out).hasSize(2);
        assertThat(strings(out.get(0))).containsExactly("PING");
        assertThat(error(out.get(1))).isEqualTo("ERR Protocol error: unbalanced quotes in request");
    }

    @Test
    void hugeBulkLengthIsRejectedFromItsHeader() {
        // 2^31-1 and 2^63-1 bytes announced; nothing sent after the header, nothing allocated for it
        for (String length : List.of("2147483647", "9223372036854775807", "1048577")) {
            EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(() -> 1024 * 1024));
            ch.writeInbound(Unpooled.copiedBuffer("*2\r\n$3\r\nSET\r\n$" + length + "\r\n", StandardCharsets.US_ASCII));
            Object m = ch.readInbound();
            assertThat(error(m)).isEqualTo("ERR Protocol error: invalid bulk length");
        }
    }

    @Test
    void bulkWithinTheLimitWaitsForItsBytesWithoutAllocatingAhead() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
        // 512 MB announced (the default limit), 3 bytes sent: nothing decoded, no 512 MB array
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        ch.writeInbound(Unpooled.copiedBuffer("*1\r\n$536870912\r\nabc", StandardCharsets.US_ASCII));
        assertThat((Object) ch.readInbound()).isNull();
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).isLessThan(256L * 1024 * 1024);
        ch.finishAndReleaseAll();
    }

    @Test
    void bulkLimitIsReadWhenTheHeaderArrives() {
        long[] limit = {1024 * 1024};
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(() -> limit[0]));
        ch.writeInbound(Unpooled.copiedBuffer("*1\r\n$2000000\r\n", StandardCharsets.US_ASCII));
        assertThat(error(ch.readInbound())).isEqualTo("ERR Protocol error: invalid bulk length");
        limit[0] = 4 * 1024 * 1024;
        EmbeddedChannel ch2 = new EmbeddedChannel(new RespDecoder(() -> limit[0]));
        ch2.writeInbound(Unpooled.copiedBuffer("*1\r\n$2000000\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) ch2.readInbound()).isNull();
        ch2.finishAndReleaseAll();
    }

    @Test
    void negativeAndGarbageBulkLengths() {
        for (String length : List.of("-1", "-5", "abc", "", "1x", "+3", "03", " 3")) {
            EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
            ch.writeInbound(Unpooled.copiedBuffer("*1\r\n$" + length + "\r\n", StandardCharsets.US_ASCII));
            assertThat(error(ch.readInbound())).as("$%s", length).isEqualTo("ERR Protocol error: invalid bulk length");
        }
    }

    @Test
    void multibulkCountOutOfRangeOrGarbage() {
        for (String count : List.of("1048577", "20000000", "9223372036854775808", "abc", "", "1.5")) {
            EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
            ch.writeInbound(Unpooled.copiedBuffer("*" + count + "\r\n", StandardCharsets.US_ASCII));
            assertThat(error(ch.readInbound())).as("*%s", count).isEqualTo("ERR Protocol error: invalid multibulk length");
        }
        // the largest allowed count is accepted (and not allocated up front)
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
        ch.writeInbound(Unpooled.copiedBuffer("*1048576\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void wrongBulkHeaderByte() {
        write("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n");
        assertThat(error(messages().get(0))).isEqualTo("ERR Protocol error: expected '$', got 'f'");
    }

    @Test
    void tooLongLinesWithoutNewline() {
        byte[] inline = new byte[RespDecoder.MAX_INLINE + 10];
        Arrays.fill(inline, (byte) 'a');
        write(inline);
        assertThat(error(messages().get(0))).isEqualTo("ERR Protocol error: too big inline request");

        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder());
        byte[] count = new byte[RespDecoder.MAX_INLINE + 10];
        Arrays.fill(count, (byte) '1');
        count[0] = '*';
        ch.writeInbound(Unpooled.wrappedBuffer(count));
        assertThat(error(ch.readInbound())).isEqualTo("ERR Protocol error: too big mbulk count string");
    }

    @Test
    void afterAnErrorTheRestIsDiscarded() {
        write("*1\r\n$4\r\nPING\r\n*x\r\n*1\r\n$4\r\nPING\r\n");
        List<Object> out = messages();
        assertThat(out).hasSize(2);
        assertThat(strings(out.get(0))).containsExactly("PING");
        assertThat(error(out.get(1))).isEqualTo("ERR Protocol error: invalid multibulk length");
        write("*1\r\n$4\r\nPING\r\n");
        assertThat(messages()).isEmpty();
    }

    @Test
    void partialCommandAtDisconnectIsDropped() {
        write("*2\r\n$4\r\nECHO\r\n$10\r\nabc");
        assertThat(messages()).isEmpty();
        channel.finishAndReleaseAll();
        assertThat(channel.isOpen()).isFalse();
    }
}
