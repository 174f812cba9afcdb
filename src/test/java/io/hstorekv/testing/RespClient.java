package io.hstorekv.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny raw-socket Redis client for tests: sends commands (or any bytes) and parses RESP2 and
 * RESP3 replies into Java objects:
 *
 * <ul>
 *   <li>simple string, bulk string, verbatim string: {@link String} (UTF-8; {@link #binary(boolean)}
 *       makes bulk strings {@code byte[]}); {@link #lastType()} tells which ('+', '$', '=')</li>
 *   <li>error, blob error: {@link Err} (returned, not thrown; {@link #call} returns it too)</li>
 *   <li>integer: {@link Long}; big number: {@link BigInteger}; double: {@link Double}; boolean: {@link Boolean}</li>
 *   <li>null bulk, null array, RESP3 null: {@code null}</li>
 *   <li>array: {@link List}; map: {@link LinkedHashMap}; set: {@link LinkedHashSet}; push: {@link Push}</li>
 *   <li>attributes ({@code |}) are skipped</li>
 * </ul>
 */
public final class RespClient implements AutoCloseable {
    /** An error reply: its full text, code included ("ERR ...", "WRONGTYPE ..."). */
    public record Err(String message) {
        @Override
        public String toString() {
            return "-" + message;
        }
    }

    /** A RESP3 push message. */
    public record Push(List<Object> items) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean binary;
    private char lastType;

    public RespClient(int port) {
        this("127.0.0.1", port);
    }

    public RespClient(String host, int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(15_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bulk strings as byte[] (true) or UTF-8 strings (false, the default). */
    public RespClient binary(boolean binary) {
        this.binary = binary;
        return this;
    }

    /** How long a read waits before failing. */
    public RespClient timeoutMillis(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sends one command (arguments: String, byte[], or anything else as its toString) and reads its reply. */
    public Object call(Object... args) {
        send(args);
        return read();
    }

    /** Sends one command without reading (for pipelining: send several, then read each reply). */
    public RespClient send(Object... args) {
        return sendRaw(encode(args));
    }

    /** The multibulk encoding of a command. */
    public static byte[] encode(Object... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(bytes);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        return buf.toByteArray();
    }

    public RespClient sendRaw(String text) {
        return sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    public RespClient sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Reads one reply. */
    public Object read() {
        try {
            return parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The type byte of the last top-level reply read ('+', '$', ':', '*', '%', ...). */
    public char lastType() {
        return lastType;
    }

    /**
     * True when the server closed the connection: reading hits end of stream (waits up to the read
     * timeout). Any bytes still unread before the end are skipped.
     */
    public boolean closedByServer() {
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private Object parse() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by the server");
        }
        lastType = (char) type;
        switch (type) {
            case '+':
                return line();
            case '-':
                return new Err(line());
            case ':':
                return Long.parseLong(line());
            case '$': {
                int length = Integer.parseInt(line());
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                expectCrlf();
                return binary ? data : new String(data, StandardCharsets.UTF_8);
            }
            case '=': {
                byte[] data = in.readNBytes(Integer.parseInt(line()));
                expectCrlf();
                String text = new String(data, StandardCharsets.UTF_8);
                return text.length() >= 4 && text.charAt(3) == ':' ? text.substring(4) : text;
            }
            case '!': {
                byte[] data = in.readNBytes(Integer.parseInt(line()));
                expectCrlf();
                return new Err(new String(data, StandardCharsets.UTF_8));
            }
            case '*':
            case '>': {
                int n = Integer.parseInt(line());
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(parseNested());
                }
                return type == '>' ? new Push(items) : items;
            }
            case '%': {
                int n = Integer.parseInt(line());
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = parseNested();
                    map.put(key, parseNested());
                }
                return map;
            }
            case '~': {
                int n = Integer.parseInt(line());
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    set.add(parseNested());
                }
                return set;
            }
            case '_':
                line();
                return null;
            case '#':
                return line().equals("t");
            case ',': {
                String d = line();
                return switch (d) {
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    case "nan" -> Double.NaN;
                    default -> Double.parseDouble(d);
                };
            }
            case '(':
                return new BigInteger(line());
            case '|': {
                int n = Integer.parseInt(line());
                for (int i = 0; i < 2 * n; i++) {
                    parseNested();
                }
                return parse();
            }
            default:
                throw new IOException("unexpected RESP type byte '" + (char) type + "' (" + type + ")");
        }
    }

    private Object parseNested() throws IOException {
        char top = lastType;
        Object value = parse();
        lastType = top;
        return value;
    }

    private void expectCrlf() throws IOException {
        if (in.read() != '\r' || in.read() != '\n') {
            throw new IOException("bulk payload not followed by CRLF");
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a reply");
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("CR not followed by LF");
                }
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
