package io.customer360.common.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection for checking the plans PostgreSQL makes: one transaction, rolled back on {@link #close}, so temporary
 * tables and {@code SET LOCAL} settings made in it leave nothing behind. The tests that use it check plans made while a
 * table has no statistics (a fresh copy, never analyzed), which PostgreSQL keeps for a connection's life.
 */
public final class QueryPlans implements AutoCloseable {

    private final Connection connection;

    private QueryPlans(Connection connection) {
        this.connection = connection;
    }

    /** Opens a transaction on the database at {@code jdbcUrl}, as the test user {@code postgres}. */
    public static QueryPlans open(String jdbcUrl) throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        connection.setAutoCommit(false);
        return new QueryPlans(connection);
    }

    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The plan of {@code sql} as {@code EXPLAIN (VERBOSE)} prints it, one line per node. */
    public String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("EXPLAIN (VERBOSE) " + sql)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
