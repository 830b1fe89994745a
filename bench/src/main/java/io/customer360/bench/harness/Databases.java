package io.customer360.bench.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmarks' own PostgreSQL databases on {@code host:port}, as user postgres (trust auth on loopback). */
public final class Databases {

    private Databases() {}

    /** Drops (forcing out any session) and creates {@code db}. */
    public static void recreate(String hostPort, String db) throws SQLException {
        try (Connection sql = connect(hostPort, "postgres");
                Statement statement = sql.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + db);
        }
    }

    public static boolean exists(String hostPort, String db) throws SQLException {
        try (Connection sql = connect(hostPort, "postgres");
                Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
            return rows.next();
        }
    }

    /** The first column of the first row of {@code query}, as a long. */
    public static long scalar(String hostPort, String db, String query) throws SQLException {
        try (Connection sql = connect(hostPort, db);
                Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection connect(String hostPort, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/" + db, "postgres", "");
    }
}
