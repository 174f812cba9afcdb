package io.hstorekv.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A result set as text: an aligned table the way psql prints one (headers centred, numbers to the
 * right, NULL as nothing, a row count below), or CSV (RFC 4180, a header line, NULL as an empty field).
 */
final class ResultPrinter {
    private static final Set<Integer> NUMERIC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE);

    private final PrintWriter out;
    private final boolean csv;

    ResultPrinter(PrintWriter out, boolean csv) {
        this.out = out;
        this.csv = csv;
    }

    void print(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<String> names = new ArrayList<>();
        boolean[] rightAligned = new boolean[columns];
        for (int i = 1; i <= columns; i++) {
            names.add(meta.getColumnLabel(i));
            rightAligned[i - 1] = NUMERIC.contains(meta.getColumnType(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        if (csv) {
            printCsv(names, rows);
        } else {
            printTable(names, rows, rightAligned);
        }
        out.flush();
    }

    /** What a statement without a result set did. */
    void printUpdateCount(int count) {
        if (!csv) {
            out.println("(" + count + (count == 1 ? " row" : " rows") + " changed)");
            out.flush();
        }
    }

    private void printCsv(List<String> names, List<List<String>> rows) {
        out.println(String.join(",", names.stream().map(ResultPrinter::csvField).toList()));
        for (List<String> row : rows) {
            out.println(String.join(",", row.stream().map(ResultPrinter::csvField).toList()));
        }
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private void printTable(List<String> names, List<List<String>> rows, boolean[] rightAligned) {
        int columns = names.size();
        int[] width = new int[columns];
        List<List<String>> cells = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> shown = row.stream().map(ResultPrinter::shown).toList();
            cells.add(shown);
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], shown.get(i).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns; i++) {
            width[i] = Math.max(width[i], names.get(i).length());
            header.append(i == 0 ? " " : " | ").append(centred(names.get(i), width[i]));
            rule.append(i == 0 ? "" : "+").append("-".repeat(width[i] + 2));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String value = row.get(i);
                String pad = " ".repeat(width[i] - value.length());
                line.append(i == 0 ? " " : " | ").append(rightAligned[i] ? pad + value : value + pad);
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /** NULL as nothing; line breaks as \n, so that a row stays one line. */
    private static String shown(String value) {
        return value == null ? "" : value.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String centred(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
    }
}
