package io.hstorekv.internal.store;

import java.util.regex.Pattern;

/** Names that end up in SQL text: validated here, so rendering statements never needs escaping. */
public final class Identifiers {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_]{1,48}");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Identifiers() {}

    public static String namespace(String name) {
        if (name == null || !NAMESPACE.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "namespace name must be 1 to 48 characters of a-z, 0-9 and _, got: " + name);
        }
        return name;
    }

    public static String schema(String name) {
        if (name == null || !SCHEMA.matcher(name).matches()) {
            throw new IllegalArgumentException("schema name must be a lower-case SQL identifier, got: " + name);
        }
        return name;
    }

    static String partition(String namespace) {
        return "ns_" + namespace;
    }

    static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    /** Any SQL identifier (a user's table or column name), quoted so that it means exactly itself. */
    static String quoteAny(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
