package io.hstorekv.server;

import io.hstorekv.testing.RespClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of client input for {@link ProtocolFuzzTest}: well-formed commands (multibulk
 * and inline) and hostile frames (random bytes, truncated frames, bad and huge declared lengths,
 * nested arrays, RESP3 types, overlong lines, unbalanced quotes). The same seed gives the same bytes.
 */
public final class RespFuzzFrames {
    /** A well-formed command and, for ECHO, the bytes its reply must carry (else null). */
    record Command(byte[] frame, byte[] echoed) {}

    private final SplittableRandom random;
    private final int budget;

    /** @param budget the server's input budget: huge frames send up to twice it */
    public RespFuzzFrames(SplittableRandom random, int budget) {
        this.random = random;
        this.budget = budget;
    }

    /** A well-formed command, multibulk or (for plain words) inline. */
    Command command() {
        String key = "fuzz:" + random.nextInt(8);
        return switch (random.nextInt(9)) {
            case 0 -> plain("PING");
            case 1 -> {
                byte[] payload = randomBytes(random.nextInt(3) == 0 ? random.nextInt(70_000) : random.nextInt(40));
                yield new Command(RespClient.encode("ECHO", payload), payload);
            }
            case 2 -> new Command(RespClient.encode("SET", key, randomBytes(random.nextInt(200))), null);
            case 3 -> plain("GET " + key);
            case 4 -> plain("INCR fuzz:counter");
            case 5 -> {
                byte[] value = randomBytes(random.nextInt(50));
                yield new Command(RespClient.encode("HSET", key + ":h", "f" + random.nextInt(4), value), null);
            }
            case 6 -> plain("SADD " + key + ":s m" + random.nextInt(4));
            case 7 -> plain("SELECT " + random.nextInt(16));
            default -> plain("EXISTS " + key + " fuzz:none");
        };
    }

    /** A plain-word command, sent inline or as multibulk at random. */
    private Command plain(String line) {
        if (random.nextBoolean()) {
            return new Command(ascii(line + (random.nextBoolean() ? "\r\n" : "\n")), null);
        }
        return new Command(RespClient.encode((Object[]) line.split(" ")), null);
    }

    /** Something a client may send, valid or not. */
    public byte[] hostile() {
        return switch (random.nextInt(12)) {
            case 0 -> command().frame();
            case 1 -> randomBytes(random.nextInt(300));
            case 2 -> truncated(command().frame());
            case 3 -> badLength();
            case 4 -> hugeLength();
            case 5 -> nestedArray();
            case 6 -> resp3Value();
            case 7 -> overlongLine();
            case 8 -> ascii(pick("ECHO \"unbalanced\r\n", "SET 'a'b c\r\n", "ECHO \"\\x4\r\n", "\"\r\n", "'\r\n"));
            case 9 -> ascii(pick("*0\r\n", "*-1\r\n", "\r\n", "\n", "   \r\n", "*1\r\n$0\r\n\r\n", "*1\r\n$-1\r\n"));
            case 10 -> ascii(pick("QUIT\r\n", "RESET\r\n", "AUTH wrong\r\n", "HELLO 3\r\n", "HELLO 2\r\n",
                    "MULTI\r\n", "EXEC\r\n", "HELLO 4\r\n", "CLIENT SETNAME fuzz\r\n"));
            default -> pipelined();
        };
    }

    /** A prefix of {@code frame}, cut anywhere (possibly in the middle of a header or a CRLF). */
    private byte[] truncated(byte[] frame) {
        int length = frame.length <= 1 ? 0 : random.nextInt(frame.length - 1) + 1;
        byte[] prefix = new byte[length];
        System.arraycopy(frame, 0, prefix, 0, length);
        return prefix;
    }

    private byte[] badLength() {
        return ascii(pick(
                "*-5\r\n", "*abc\r\n", "*01\r\n", "*\r\n", "*-0\r\n", "*1048577\r\n", "*99999999999999999999\r\n",
                "*9223372036854775807\r\n", "*-9223372036854775808\r\n", "*1\r\n$\r\n", "*1\r\n$-2\r\n",
                "*1\r\n$01\r\nx\r\n", "*1\r\n$+4\r\nPING\r\n", "*1\r\n$ 4\r\nPING\r\n", "*1\r\n$4 \r\nPING\r\n",
                "*1\r\n$99999999999999999999\r\n", "*1\r\n$9223372036854775807\r\n", "*1\r\n$2\r\nPING\r\n",
                "*1\r\n$6\r\nPING\r\n", "*2\r\n$4\r\nPING\r\n", "*1\r\nPING\r\n", "*1\r\n$4\rPING\r\n",
                "*1\n$4\nPING\n", "*1\r\n$4\r\nPINGxx", "*3\r\r\n"));
    }

    /** A declared length far beyond what is sent, then part of the body (up to twice the budget). */
    private byte[] hugeLength() {
        String header = pick(
                "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$400000000\r\n",
                "*2\r\n$4\r\nECHO\r\n$536870912\r\n",
                "*2\r\n$4\r\nECHO\r\n$536870913\r\n",
                "*2\r\n$4\r\nECHO\r\n$16385\r\n",
                "*2\r\n$4\r\nECHO\r\n$16384\r\n",
                "*1048576\r\n",
                "*11\r\n",
                "*10\r\n$1\r\na\r\n",
                "*2\r\n$2147483648\r\n",
                "*2\r\n$4\r\nECHO\r\n$" + 3 * budget + "\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(header));
        out.writeBytes(randomBytes(random.nextInt(3) == 0 ? random.nextInt(2 * budget) : random.nextInt(1000)));
        return out.toByteArray();
    }

    private byte[] nestedArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int depth = 1 + random.nextInt(5);
        for (int i = 0; i < depth; i++) {
            out.writeBytes(ascii("*" + (1 + random.nextInt(3)) + "\r\n"));
        }
        out.writeBytes(RespClient.encode("PING"));
        return out.toByteArray();
    }

    private byte[] resp3Value() {
        return ascii(pick("%1\r\n$1\r\na\r\n$1\r\nb\r\n", "~2\r\n$1\r\na\r\n$1\r\nb\r\n", "_\r\n", "#t\r\n",
                ",1.5\r\n", "(12345678901234567890\r\n", ">1\r\n$4\r\nPING\r\n", "|1\r\n+a\r\n+b\r\n",
                "=8\r\ntxt:PING\r\n", "!3\r\nerr\r\n", "+PING\r\n", "-ERR x\r\n", ":1\r\n", "$4\r\nPING\r\n",
                "*1\r\n%1\r\n+a\r\n+b\r\n", "*2\r\n$4\r\nECHO\r\n:5\r\n"));
    }

    /** A header or inline request longer than Redis's 64 KiB line limit, without its newline. */
    private byte[] overlongLine() {
        String start = pick("", "*", "*1\r\n$", "ECHO ");
        byte[] digits = new byte[64 * 1024 + 1 + random.nextInt(100)];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (byte) ('1' + random.nextInt(9));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(start));
        out.writeBytes(digits);
        return out.toByteArray();
    }

    /** Many small commands in one go. */
    private byte[] pipelined() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 1 + random.nextInt(2000);
        for (int i = 0; i < count; i++) {
            out.writeBytes(ascii(random.nextBoolean() ? "PING\r\n" : "*1\r\n$4\r\nPING\r\n"));
        }
        return out.toByteArray();
    }

    /** {@code bytes} cut into 1 to 8 pieces at random places, for separate writes. */
    List<byte[]> split(byte[] bytes) {
        List<byte[]> pieces = new ArrayList<>();
        int pieceCount = 1 + random.nextInt(8);
        int start = 0;
        for (int i = 1; i < pieceCount && start < bytes.length; i++) {
            int end = start + random.nextInt(bytes.length - start + 1);
            pieces.add(slice(bytes, start, end));
            start = end;
        }
        pieces.add(slice(bytes, start, bytes.length));
        return pieces;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] piece = new byte[to - from];
        System.arraycopy(bytes, from, piece, 0, piece.length);
        return piece;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
