package io.hstorekv.internal.store;

import io.hstorekv.internal.store.Statements.Session;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table (or view) to import from, as the catalog describes it, and how each of its columns
 * becomes text. The text forms are fixed whatever the session's settings (see {@link #SETTINGS}):
 * <ul>
 *   <li>text, varchar, char, enums, json/jsonb, uuid, arrays, numbers, booleans and everything else:
 *       PostgreSQL's own text output ({@code true}/{@code false}, {@code 10.50}, {@code {a,"b c"}},
 *       floats in their shortest exact form);</li>
 *   <li>timestamptz: ISO-8601 in UTC with microseconds, {@code 2024-05-01T10:00:00.000000Z};
 *       timestamp: the same without the {@code Z}; date: {@code 2024-05-01}; interval: ISO-8601
 *       ({@code P1DT2H}); infinities as {@code infinity}/{@code -infinity};</li>
 *   <li>bytea: the bytes themselves (stored in the binary form, {@code chr(1) || base64});</li>
 *   <li>composite (row) types and pseudo-types: rejected.</li>
 * </ul>
 */
final class SourceTable {
    /** Session settings under which every import query runs, so that text output is the same everywhere. */
    static final String SETTINGS = "SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),"
            + " set_config('IntervalStyle', 'iso_8601', true), set_config('extra_float_digits', '1', true),"
            + " set_config('standard_conforming_strings', 'on', true)";

    /** A column: its name, its type as SQL names it, and what the catalog says about the type. */
    record Column(String name, String sqlType, String baseType, String category, String typtype, boolean notNull) {
        String ref() {
            return "t." + Identifiers.quoteAny(name);
        }

        boolean isBytea() {
            return baseType.equals("bytea");
        }

        /** The column's value as text (not yet in the stored form); NULL stays NULL. */
        String text() {
            String v = ref();
            return switch (baseType) {
                case "timestamp with time zone" -> "CASE WHEN isfinite(" + v + ") THEN to_char(" + v
                        + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') ELSE " + v + "::text END";
                case "timestamp without time zone" -> "CASE WHEN isfinite(" + v + ") THEN to_char(" + v
                        + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US') ELSE " + v + "::text END";
                default -> v + "::text";
            };
        }

        /** The column's value in the stored form of a value (see {@link StoredForm}). */
        String stored(String schema) {
            if (isBytea()) {
                return Identifiers.quote(schema) + ".stored_bytes(" + ref() + ")";
            }
            // Only text-like output can start with chr(1); numbers, dates and booleans never need encoding.
            boolean plain = List.of("N", "B", "D", "T").contains(category);
            // The test is spelled out here rather than left to stored_text(): a SQL function that
            // names its argument twice is not inlined, and calling it costs more than the import.
            String t = text();
            return plain ? t : "CASE WHEN starts_with(" + t + ", chr(1)) THEN " + Identifiers.quote(schema) + ".stored_text(" + t
                    + ") ELSE " + t + " END";
        }

        /** Longer than the text of any number (numeric: at most 147455 digits), boolean or time. */
        static final long MOST_NOT_LARGE = 1024 * 1024;

        /** Whether the text of a value of this type may be longer than {@link #MOST_NOT_LARGE}. */
        boolean mayBeLarge() {
            return !List.of("N", "B", "D", "T").contains(category);
        }

        /** The length in bytes that counts against the value limit (text and bytea measured as they are). */
        String byteLength() {
            boolean plain = isBytea() || category.equals("S");
            return "octet_length(" + (plain ? ref() : text()) + ")";
        }
    }

    final String qualifiedName;
    final String sql;
    final Map<String, Column> columns;

    private SourceTable(String qualifiedName, String sql, Map<String, Column> columns) {
        this.qualifiedName = qualifiedName;
        this.sql = sql;
        this.columns = columns;
    }

    /** Looks the table up as SQL would resolve {@code name} ([schema.]table); IllegalArgumentException if absent. */
    static SourceTable describe(Session session, String name) throws SQLException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source table is required");
        }
        String[] relation = session.query("""
                        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.oid = to_regclass(:name) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')""",
                b -> b.text("name", name), Statements.firstRow(rs -> new String[] {rs.getString(1), rs.getString(2)}));
        if (relation == null) {
            throw new IllegalArgumentException("table " + name + " does not exist");
        }
        String schema = relation[0];
        String table = relation[1];
        List<Column> list = session.query("""
                        SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS sql_type,
                               format_type(b.oid, NULL) AS base_type, b.typcategory::text AS category,
                               b.typtype::text AS typtype, a.attnotnull
                        FROM pg_attribute a
                        JOIN pg_type t ON t.oid = a.atttypid
                        JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                        WHERE a.attrelid = to_regclass(:name) AND a.attnum > 0 AND NOT a.attisdropped
                        ORDER BY a.attnum""",
                b -> b.text("name", name),
                rs -> {
                    List<Column> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(new Column(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getBoolean(6)));
                    }
                    return found;
                });
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Column c : list) {
            columns.put(c.name(), c);
        }
        return new SourceTable(schema + "." + table, Identifiers.quoteAny(schema) + "." + Identifiers.quoteAny(table), columns);
    }

    /** The named column; IllegalArgumentException naming the table when it has none such, or its type is not supported. */
    Column column(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("table " + qualifiedName + " has no column " + name);
        }
        return supported(c);
    }

    /** Every column but these, in table order. */
    List<Column> columnsExcept(List<String> names) {
        List<Column> rest = new ArrayList<>();
        for (Column c : columns.values()) {
            if (!names.contains(c.name())) {
                rest.add(supported(c));
            }
        }
        return rest;
    }

    private Column supported(Column c) {
        if (c.typtype().equals("c") || c.typtype().equals("p")) {
            throw new IllegalArgumentException("column " + c.name() + " of " + qualifiedName + " has type " + c.sqlType()
                    + ", which import does not support (a composite or pseudo-type): select its fields in a view");
        }
        return c;
    }
}
