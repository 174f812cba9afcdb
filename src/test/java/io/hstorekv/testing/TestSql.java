package io.hstorekv.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain SQL on the test database ({@link TestDatabase}): what a person would type in psql to look or prepare. */
public final class TestSql {
    private TestSql() {}

    /** Runs the statements in order, on one connection. */
    public static void execute(String... statements) throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    /** The first column of the first row, as text (null for SQL NULL). */
    public static String query(String sql) throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The first column of the first row as a number: a count, a sum. */
    public static long queryLong(String sql) throws SQLException {
        return Long.parseLong(query(sql));
    }
}
