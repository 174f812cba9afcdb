package io.hstorekv.server.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * {@link Reply} encoded as RESP into a Netty {@link ByteBuf}, in RESP2 or RESP3 as the connection's
 * protocol is at the moment each reply is written (HELLO 3 answers in RESP3 already).
 */
public final class RespWriter implements Reply, Rewindable {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private final IntSupplier protocol;
    private ByteBuf out;

    public RespWriter(ByteBuf out, IntSupplier protocol) {
        this.out = out;
        this.protocol = protocol;
    }

    public RespWriter(ByteBuf out, int protocol) {
        this(out, () -> protocol);
    }

    /** The buffer replies go to. */
    public ByteBuf buffer() {
        return out;
    }

    /** Replies go to this buffer from now on (after the previous one was sent). */
    public void buffer(ByteBuf buffer) {
        this.out = buffer;
    }

    @Override
    public int mark() {
        return out.writerIndex();
    }

    @Override
    public void resetTo(int mark) {
        out.writerIndex(mark);
    }

    private boolean resp3() {
        return protocol.getAsInt() >= 3;
    }

    @Override
    public void ok() {
        out.writeBytes(OK);
    }

    @Override
    public void simple(String text) {
        out.writeByte('+');
        writeLine(text);
    }

    @Override
    public void error(String message) {
        out.writeByte('-');
        writeLine(message);
    }

    /** A status or error line: CR and LF would break the framing, so they become spaces (as Redis). */
    private void writeLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                text = text.replace('\r', ' ').replace('\n', ' ');
                break;
            }
        }
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    @Override
    public void integer(long value) {
        header(':', value);
    }

    @Override
    public void bulk(byte[] value) {
        if (value == null) {
            nil();
            return;
        }
        header('$', value.length);
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    @Override
    public void bulk(String value) {
        bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void nil() {
        out.writeBytes(resp3() ? NULL3 : NULL_BULK);
    }

    @Override
    public void nilArray() {
        out.writeBytes(resp3() ? NULL3 : NULL_ARRAY);
    }

    @Override
    public void array(int count) {
        header('*', count);
    }

    @Override
    public void map(int pairs) {
        if (resp3()) {
            header('%', pairs);
        } else {
            header('*', 2L * pairs);
        }
    }

    @Override
    public void set(int count) {
        header(resp3() ? '~' : '*', count);
    }

    @Override
    public void doubleValue(String text) {
        if (resp3()) {
            out.writeByte(',');
            out.writeCharSequence(text, StandardCharsets.US_ASCII);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    @Override
    public void bool(boolean value) {
        if (resp3()) {
            out.writeByte('#');
            out.writeByte(value ? 't' : 'f');
            out.writeBytes(CRLF);
        } else {
            integer(value ? 1 : 0);
        }
    }

    /** A RESP3 verbatim string ({@code =len\r\ntxt:...}; RESP2: a bulk string), as INFO and CLIENT INFO reply. */
    @Override
    public void verbatim(String text) {
        if (!resp3()) {
            bulk(text);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        header('=', bytes.length + 4L);
        out.writeCharSequence("txt:", StandardCharsets.US_ASCII);
        out.writeBytes(bytes);
        out.writeBytes(CRLF);
    }

    private void header(char type, long n) {
        out.writeByte(type);
        if (n >= 0 && n < 10) {
            out.writeByte('0' + (int) n);
        } else {
            out.writeCharSequence(Long.toString(n), StandardCharsets.US_ASCII);
        }
        out.writeBytes(CRLF);
    }
}
