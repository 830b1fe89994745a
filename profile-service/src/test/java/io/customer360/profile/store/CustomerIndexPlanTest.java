package io.customer360.profile.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plans PostgreSQL keeps for a customer table that has no statistics yet, as in a new database until autovacuum
 * first analyzes it. Every timeline, record and purchase row's foreign-key check looks its customer up by (tenant, id)
 * with a plan made then and kept for the connection's life: it must use the primary key, not an index that would scan
 * all of the tenant's customers. The table here is a fresh copy of {@code customers} with its indexes, never analyzed.
 */
class CustomerIndexPlanTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/c360_profile_test";

    private Connection connection;

    @BeforeEach
    void freshCopy() throws SQLException {
        Flyway.configure().dataSource(URL, "postgres", "").load().migrate();
        connection = DriverManager.getConnection(URL, "postgres", "");
        connection.setAutoCommit(false);
        execute("CREATE TEMP TABLE fresh_customers (LIKE customers INCLUDING INDEXES) ON COMMIT DROP");
    }

    @AfterEach
    void rollBack() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Test
    void aLookupByIdUsesThePrimaryKeyInTheGenericPlanOfATableWithoutStatistics() throws SQLException {
        execute("SET LOCAL plan_cache_mode = force_generic_plan");
        // the statement a foreign-key check runs (ri_triggers.c), prepared as it prepares it
        execute("PREPARE lookup(text, text) AS "
                + "SELECT 1 FROM ONLY fresh_customers x WHERE tenant = $1 AND id = $2 FOR KEY SHARE OF x");

        assertThat(plan("EXECUTE lookup('acme', 'cust_1')"))
                .contains("Index Cond")
                .contains("fresh_customers_pkey");
    }

    @Test
    void theListFiltersStillHaveTheirIndexes() throws SQLException {
        execute("SET LOCAL enable_seqscan = off");
        execute("SET LOCAL enable_bitmapscan = off");

        assertThat(
                        plan(
                                "SELECT id FROM fresh_customers WHERE tenant = 'acme' AND status = 'churned' ORDER BY id LIMIT 20"))
                .contains("fresh_customers_tenant_status_id_idx");
        assertThat(
                        plan(
                                "SELECT id FROM fresh_customers WHERE tenant = 'acme' AND health_band = 'at_risk' ORDER BY id LIMIT 20"))
                .contains("fresh_customers_tenant_health_band_id_idx");
    }

    private String plan(String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
