package io.hstorekv.server.resp;

import io.hstorekv.BinaryKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A command's arguments as sent: index 0 is the command name. */
public final class Args {
    private final byte[][] parts;
    private final long size;

    public Args(byte[][] parts) {
        this.parts = parts;
        long bytes = 0;
        for (byte[] part : parts) {
            bytes += part.length;
        }
        this.size = bytes;
    }

    /** The bytes of all parts together: what the command holds while it waits to run. */
    public long size() {
        return size;
    }

    /** Number of parts, the command name included. */
    public int count() {
        return parts.length;
    }

    public byte[] bytes(int i) {
        return parts[i];
    }

    public String string(int i) {
        return new String(parts[i], StandardCharsets.UTF_8);
    }

    /**
     * A key, field, member or pattern, binary-safe: its name as the facade takes it, the text itself
     * when it is UTF-8 text, else the {@link BinaryKeys} form of its bytes. Replies give it back with
     * {@link Reply#name}.
     */
    public String text(int i) {
        return BinaryKeys.of(parts[i]);
    }

    /** Arguments from {@code from} to the end, each as {@link #text}. */
    public List<String> texts(int from) {
        List<String> list = new ArrayList<>(parts.length - from);
        for (int i = from; i < parts.length; i++) {
            list.add(text(i));
        }
        return list;
    }

    /** The argument upper-cased, for matching option names (EX, NX, ...). */
    public String option(int i) {
        return string(i).toUpperCase(Locale.ROOT);
    }

    /** The command name, lower-case. */
    public String name() {
        return string(0).toLowerCase(Locale.ROOT);
    }

    /** A 64-bit integer argument, parsed as strictly as Redis does. */
    public long integer(int i) {
        String s = string(i);
        if (s.isEmpty() || s.length() > 20 || s.startsWith("+") || (s.length() > 1 && (s.startsWith("0") || s.startsWith("-0")))) {
            throw RedisError.notInteger();
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw RedisError.notInteger();
        }
    }

    /** A floating-point argument ("inf" and "-inf" allowed, NaN not), as Redis parses it. */
    public double decimal(int i) {
        String s = string(i).toLowerCase(Locale.ROOT);
        double d;
        if (s.equals("inf") || s.equals("+inf")) {
            d = Double.POSITIVE_INFINITY;
        } else if (s.equals("-inf")) {
            d = Double.NEGATIVE_INFINITY;
        } else {
            try {
                if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
                    throw new NumberFormatException();
                }
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw RedisError.notFloat();
            }
        }
        if (Double.isNaN(d)) {
            throw RedisError.notFloat();
        }
        return d;
    }
}
