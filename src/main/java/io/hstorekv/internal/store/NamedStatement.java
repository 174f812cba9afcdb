package io.hstorekv.internal.store;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement with named parameters ({@code :name}) turned into JDBC's positional ones once, at
 * rendering time, so the hot path binds straight onto a {@link PreparedStatement}: going through
 * JDBI's statement machinery here measured at half the throughput of raw JDBC.
 */
final class NamedStatement {
    final String sql;
    private final String[] names;

    private NamedStatement(String sql, String[] names) {
        this.sql = sql;
        this.names = names;
    }

    /** Each of the statements parsed, in order. */
    static NamedStatement[] parseAll(String[] sql) {
        NamedStatement[] parsed = new NamedStatement[sql.length];
        for (int i = 0; i < sql.length; i++) {
            parsed[i] = parse(sql[i]);
        }
        return parsed;
    }

    /**
     * Replaces each {@code :name} (not a {@code ::cast}) with {@code ?}, remembering the names in
     * order. String literals, quoted identifiers, dollar-quoted text and comments are copied as they
     * are: a {@code :} or an apostrophe inside them means nothing.
     */
    static NamedStatement parse(String named) {
        StringBuilder sql = new StringBuilder(named.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < named.length()) {
            int verbatim = verbatimEnd(named, i);
            if (verbatim > i) {
                sql.append(named, i, verbatim);
                i = verbatim;
            } else if (named.startsWith("::", i)) {
                sql.append("::");
                i += 2;
            } else if (named.charAt(i) == ':' && i + 1 < named.length() && Character.isJavaIdentifierStart(named.charAt(i + 1))) {
                int end = i + 1;
                while (end < named.length() && Character.isJavaIdentifierPart(named.charAt(end))) {
                    end++;
                }
                names.add(named.substring(i + 1, end));
                sql.append('?');
                i = end;
            } else {
                sql.append(named.charAt(i));
                i++;
            }
        }
        return new NamedStatement(sql.toString(), names.toArray(String[]::new));
    }

    /**
     * The end of the literal, quoted identifier, dollar-quoted text or comment that starts at
     * {@code i}; {@code i} itself when none starts there. Unterminated ones run to the end.
     */
    private static int verbatimEnd(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'') {
            boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i == 1 || !Character.isJavaIdentifierPart(sql.charAt(i - 2)));
            return escapes ? escapedStringEnd(sql, i + 1) : after(sql, i + 1, "'");
        }
        if (c == '"') {
            return after(sql, i + 1, "\"");
        }
        if (sql.startsWith("--", i)) {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? sql.length() : newline;
        }
        if (sql.startsWith("/*", i)) {
            return blockCommentEnd(sql, i);
        }
        String tag = c == '$' ? dollarTag(sql, i) : null;
        return tag == null ? i : after(sql, i + tag.length(), tag);
    }

    /** Just past the next {@code close} from {@code from} on (a doubled quote ends one literal and starts the next). */
    private static int after(String sql, int from, String close) {
        int at = sql.indexOf(close, from);
        return at < 0 ? sql.length() : at + close.length();
    }

    /** Just past the closing quote of an {@code E'...'} string, where a backslash escapes the next character. */
    private static int escapedStringEnd(String sql, int from) {
        for (int i = from; i < sql.length(); i++) {
            if (sql.charAt(i) == '\\') {
                i++;
            } else if (sql.charAt(i) == '\'') {
                return i + 1;
            }
        }
        return sql.length();
    }

    /** Just past a block comment starting at {@code start}; they nest in PostgreSQL. */
    private static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        for (int i = start; i + 1 < sql.length(); i++) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i++;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i++;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return sql.length();
    }

    /** The opening {@code $tag$} (or {@code $$}) of dollar-quoted text at {@code i}, or null ({@code $1}, {@code a$b}). */
    private static String dollarTag(String sql, int i) {
        if (i > 0 && Character.isJavaIdentifierPart(sql.charAt(i - 1))) {
            return null;
        }
        int end = i + 1;
        while (end < sql.length() && (Character.isLetter(sql.charAt(end)) || sql.charAt(end) == '_'
                || end > i + 1 && Character.isDigit(sql.charAt(end)))) {
            end++;
        }
        return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(i, end + 1) : null;
    }

    @FunctionalInterface
    private interface Position {
        void at(int index) throws SQLException;
    }

    /** Binds values by name onto a prepared statement of this SQL. */
    final class Binder {
        private final PreparedStatement ps;

        Binder(PreparedStatement ps) {
            this.ps = ps;
        }

        Binder text(String name, String value) throws SQLException {
            return each(name, i -> ps.setString(i, value));
        }

        Binder bool(String name, boolean value) throws SQLException {
            return each(name, i -> ps.setBoolean(i, value));
        }

        Binder number(String name, long value) throws SQLException {
            return each(name, i -> ps.setLong(i, value));
        }

        Binder decimal(String name, BigDecimal value) throws SQLException {
            return each(name, i -> ps.setBigDecimal(i, value));
        }

        /** A timestamptz; null stays untyped so the server infers it from the column. */
        Binder time(String name, Instant value) throws SQLException {
            Timestamp ts = value == null ? null : Timestamp.from(value);
            return each(name, i -> {
                if (ts == null) {
                    ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setTimestamp(i, ts);
                }
            });
        }

        Binder texts(String name, List<String> values) throws SQLException {
            Array array = ps.getConnection().createArrayOf("text", values.toArray());
            return each(name, i -> ps.setArray(i, array));
        }

        /** Fetches a query's rows this many at a time (inside a transaction: through a cursor). */
        Binder fetchSize(int rows) throws SQLException {
            ps.setFetchSize(rows);
            return this;
        }

        /** Sets every position the name stands at (a name may appear more than once). */
        private Binder each(String name, Position set) throws SQLException {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    set.at(i + 1);
                }
            }
            return this;
        }
    }
}
