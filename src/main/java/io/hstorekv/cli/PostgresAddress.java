package io.hstorekv.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL is and who to be there: what {@code serve} prints for its embedded database,
 * and what {@code sql} connects to or hands to {@code psql}.
 */
record PostgresAddress(String host, int port, String database, String user) {
    /** The embedded PostgreSQL: loopback, database and (trusted) user postgres. */
    static final String EMBEDDED_HOST = "localhost";
    static final String EMBEDDED_USER = "postgres";

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/:?,\\[\\]]+)(?::(\\d{1,5}))?/([^?]*)(?:\\?.*)?");
    private static final Pattern USER_PARAMETER = Pattern.compile("[?&]user=([^&]*)");
    private static final int DEFAULT_PORT = 5432;

    static PostgresAddress embedded(int port) {
        return new PostgresAddress(EMBEDDED_HOST, port, EMBEDDED_USER, EMBEDDED_USER);
    }

    /**
     * The address of a single-host JDBC URL ({@code jdbc:postgresql://host[:port]/db[?...]}), its user
     * {@code user} or else the URL's {@code user=}; empty for the URL forms psql has no equivalent of.
     */
    static Optional<PostgresAddress> ofJdbcUrl(String url, String user) {
        Matcher m = JDBC_URL.matcher(url);
        if (!m.matches() || m.group(3).isEmpty()) {
            return Optional.empty();
        }
        String u = user;
        if (u == null) {
            Matcher param = USER_PARAMETER.matcher(url);
            u = param.find() ? param.group(1) : null;
        }
        int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
        return Optional.of(new PostgresAddress(m.group(1), port, m.group(3), u));
    }

    /** The JDBC URL, user included (no password: the embedded database trusts loopback connections). */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (user == null ? "" : "?user=" + user);
    }

    /** psql's arguments for this address. */
    List<String> psqlArguments() {
        return user == null ? List.of("-h", host, "-p", Integer.toString(port), "-d", database)
                : List.of("-h", host, "-p", Integer.toString(port), "-U", user, "-d", database);
    }

    /** The psql command line, as a person would type it. */
    String psqlCommand() {
        return "psql " + String.join(" ", psqlArguments());
    }
}
