package io.hstorekv.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Decodes client requests into {@link Args}: RESP multibulk frames ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n})
 * and inline commands ({@code GET k\r\n}, split as Redis's {@code sdssplitargs} does, quotes and
 * escapes included). Frames may arrive split anywhere and many per read; each complete command is
 * emitted as soon as its last byte is in, in order.
 *
 * <p>Limits and error texts are Redis's: a multibulk count above 1024*1024, or a bulk length above
 * proto-max-bulk-len, is refused from its header alone, before anything is allocated for it; so,
 * while the connection has still to AUTH, is a count above 10 or a length above 16384 (Redis 7's
 * networking.c). The bytes held for incomplete commands count against the server's
 * {@link InputBudget}, and so do the commands emitted until the connection releases them; a
 * connection whose incomplete input would pass it is refused. A violation emits one
 * {@link ProtocolError} (after the commands decoded before it) and discards everything the
 * connection sends afterwards; the handler replies and closes.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Largest multibulk count (Redis: 1024*1024). */
    public static final int MAX_MULTIBULK = 1024 * 1024;
    /** Longest inline request or length line before its newline (Redis PROTO_INLINE_MAX_SIZE). */
    public static final int MAX_INLINE = 64 * 1024;
    /** Redis's default proto-max-bulk-len: 512 MB. */
    public static final long DEFAULT_MAX_BULK = 512L * 1024 * 1024;

    /** Redis's limits before AUTH: the largest multibulk count and bulk length. */
    static final int MAX_UNAUTHENTICATED_MULTIBULK = 10;
    static final int MAX_UNAUTHENTICATED_BULK = 16384;

    private static final long INVALID = Long.MIN_VALUE;

    private final LongSupplier maxBulk;
    private final BooleanSupplier mustAuthenticate;
    private final InputBudget budget;
    /** Bytes of this connection counted in the budget: the parts and input of an incomplete command. */
    private long held;
    private long partsBytes;

    /** Bulk strings still to read of the current multibulk frame; 0 between commands. */
    private int remaining;
    /** Length of the bulk string being read; -1 while its {@code $} line is still to come. */
    private long bulkLength = -1;
    private List<byte[]> parts;
    private boolean failed;

    /**
     * @param maxBulk the current proto-max-bulk-len (read per bulk header, so CONFIG SET applies at once)
     * @param mustAuthenticate whether the connection has still to AUTH (read per header)
     * @param budget the server's limit on bytes held for incomplete commands
     */
    public RespDecoder(LongSupplier maxBulk, BooleanSupplier mustAuthenticate, InputBudget budget) {
        this.maxBulk = maxBulk;
        this.mustAuthenticate = mustAuthenticate;
        this.budget = budget;
    }

    /** No AUTH required, an unlimited budget. */
    public RespDecoder(LongSupplier maxBulk) {
        this(maxBulk, () -> false, new InputBudget(Long.MAX_VALUE));
    }

    /** Redis's default proto-max-bulk-len, no AUTH required, an unlimited budget. */
    public RespDecoder() {
        this(() -> DEFAULT_MAX_BULK);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            Object message = remaining > 0 || in.getByte(in.readerIndex()) == '*' ? multibulk(in) : inline(in);
            if (message == null) {
                break; // need more bytes
            }
            emit(message, out);
        }
        if (!failed && !hold(partsBytes + in.readableBytes())) {
            emit(error("too much input pending on all connections"), out);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
            hold(0);
        }
    }

    private void emit(Object message, List<Object> out) {
        if (message instanceof ProtocolError) {
            failed = true;
            parts = null;
            partsBytes = 0;
        }
        if (message instanceof Args args) {
            budget.take(args.size()); // released by the connection when the command leaves its queue
        }
        if (message != NOTHING) {
            out.add(message);
        }
    }

    /** Counts {@code bytes} as this connection's share of the budget; false when that would pass it. */
    private boolean hold(long bytes) {
        if (!budget.move(held, bytes)) {
            return false;
        }
        held = bytes;
        return true;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        hold(0);
    }

    /** A complete line that produced no command (an empty inline line, {@code *0}, {@code *-1}). */
    private static final Object NOTHING = new Object();

    private Object multibulk(ByteBuf in) {
        if (remaining == 0) {
            int cr = lineEnd(in);
            if (cr < 0) {
                return cr == -2 ? error("too big mbulk count string") : null;
            }
            long count = parseLong(in, in.readerIndex() + 1, cr);
            if (count == INVALID || count > MAX_MULTIBULK) {
                return error("invalid multibulk length");
            }
            if (count > MAX_UNAUTHENTICATED_MULTIBULK && mustAuthenticate.getAsBoolean()) {
                return error("unauthenticated multibulk length");
            }
            in.readerIndex(cr + 2);
            if (count <= 0) {
                return NOTHING;
            }
            remaining = (int) count;
            parts = new ArrayList<>((int) Math.min(count, 1024));
            bulkLength = -1;
        }
        while (remaining > 0) {
            if (bulkLength < 0) {
                int cr = lineEnd(in);
                if (cr < 0) {
                    return cr == -2 ? error("too big bulk count string") : null;
                }
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    return error("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                long length = parseLong(in, in.readerIndex() + 1, cr);
                if (length == INVALID || length < 0 || length > maxBulk.getAsLong()) {
                    return error("invalid bulk length");
                }
                if (length > MAX_UNAUTHENTICATED_BULK && mustAuthenticate.getAsBoolean()) {
                    return error("unauthenticated bulk length");
                }
                in.readerIndex(cr + 2);
                bulkLength = length;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] part = new byte[(int) bulkLength];
            in.readBytes(part);
            in.skipBytes(2); // the CRLF after the payload, not checked (as Redis)
            parts.add(part);
            partsBytes += part.length;
            bulkLength = -1;
            remaining--;
        }
        Args args = new Args(parts.toArray(new byte[0][]));
        parts = null;
        partsBytes = 0;
        return args;
    }

    /**
     * The index of the {@code \r} ending the line at the reader index when its {@code \n} is in too;
     * -1 when more bytes are needed; -2 when no line end came within {@link #MAX_INLINE} bytes.
     */
    private static int lineEnd(ByteBuf in) {
        int start = in.readerIndex();
        int searchable = Math.min(in.readableBytes(), MAX_INLINE + 2);
        int cr = in.indexOf(start, start + searchable, (byte) '\r');
        if (cr < 0) {
            return in.readableBytes() > MAX_INLINE ? -2 : -1;
        }
        return cr + 1 < in.writerIndex() ? cr : -1;
    }

    private Object inline(ByteBuf in) {
        int start = in.readerIndex();
        int searchable = Math.min(in.readableBytes(), MAX_INLINE + 1);
        int lf = in.indexOf(start, start + searchable, (byte) '\n');
        if (lf < 0) {
            return in.readableBytes() > MAX_INLINE ? error("too big inline request") : null;
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);
        List<byte[]> split = splitArgs(line);
        if (split == null) {
            return error("unbalanced quotes in request");
        }
        return split.isEmpty() ? NOTHING : new Args(split.toArray(new byte[0][]));
    }

    private static ProtocolError error(String what) {
        return new ProtocolError(RedisError.protocol(what).reply());
    }

    /** Redis's string2ll: optional minus, digits without leading zeros, no overflow; else {@link #INVALID}. */
    static long parseLong(ByteBuf in, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > 20) {
            return INVALID;
        }
        int i = from;
        boolean negative = false;
        if (in.getByte(i) == '-') {
            negative = true;
            if (++i == to) {
                return INVALID;
            }
        }
        byte first = in.getByte(i);
        if (first == '0') {
            return i + 1 == to && !negative ? 0 : INVALID;
        }
        long value = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return INVALID;
            }
            int digit = b - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return INVALID;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /**
     * Splits an inline request as Redis's {@code sdssplitargs}: whitespace separates arguments;
     * "double quotes" take \n \r \t \b \a \\ \" and \xHH escapes; 'single quotes' take \'; a closing
     * quote must be followed by whitespace or the end. Null when quotes are unbalanced.
     */
    static List<byte[]> splitArgs(byte[] line) {
        List<byte[]> result = new ArrayList<>();
        int p = 0;
        int n = line.length;
        while (true) {
            while (p < n && isSpace(line[p])) {
                p++;
            }
            if (p >= n) {
                return result;
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            while (!done) {
                byte c = p < n ? line[p] : 0;
                boolean atEnd = p >= n;
                if (inDouble) {
                    if (atEnd) {
                        return null;
                    }
                    if (c == '\\' && p + 3 < n && line[p + 1] == 'x' && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < n) {
                        p++;
                        byte e = line[p];
                        current.write(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (c == '"') {
                        if (p + 1 < n && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (atEnd) {
                        return null;
                    }
                    if (c == '\\' && p + 1 < n && line[p + 1] == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < n && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else {
                    if (atEnd) {
                        done = true;
                    } else {
                        switch (c) {
                            case ' ', '\n', '\r', '\t', 0 -> done = true;
                            case '"' -> inDouble = true;
                            case '\'' -> inSingle = true;
                            default -> current.write(c);
                        }
                    }
                }
                if (p < n) {
                    p++;
                }
            }
            result.add(current.toByteArray());
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
