package io.customer360.profile.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.testing.QueryPlans;
import java.sql.SQLException;
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

    private QueryPlans plans;

    @BeforeEach
    void freshCopy() throws SQLException {
        Flyway.configure().dataSource(URL, "postgres", "").load().migrate();
        plans = QueryPlans.open(URL);
        plans.execute("CREATE TEMP TABLE fresh_customers (LIKE customers INCLUDING INDEXES) ON COMMIT DROP");
    }

    @AfterEach
    void rollBack() throws SQLException {
        plans.close();
    }

    @Test
    void aLookupByIdUsesThePrimaryKeyInTheGenericPlanOfATableWithoutStatistics() throws SQLException {
        plans.execute("SET LOCAL plan_cache_mode = force_generic_plan");
        // the statement a foreign-key check runs (ri_triggers.c), prepared as it prepares it
        plans.execute("PREPARE lookup(text, text) AS "
                + "SELECT 1 FROM ONLY fresh_customers x WHERE tenant = $1 AND id = $2 FOR KEY SHARE OF x");

        assertThat(plans.plan("EXECUTE lookup('acme', 'cust_1')"))
                .contains("Index Cond")
                .contains("fresh_customers_pkey");
    }

    @Test
    void theListFiltersStillHaveTheirIndexes() throws SQLException {
        plans.execute("SET LOCAL enable_seqscan = off");
        plans.execute("SET LOCAL enable_bitmapscan = off");

        assertThat(
                        plans.plan(
                                "SELECT id FROM fresh_customers WHERE tenant = 'acme' AND status = 'churned' ORDER BY id LIMIT 20"))
                .contains("fresh_customers_tenant_status_id_idx");
        assertThat(
                        plans.plan(
                                "SELECT id FROM fresh_customers WHERE tenant = 'acme' AND health_band = 'at_risk' ORDER BY id LIMIT 20"))
                .contains("fresh_customers_tenant_health_band_id_idx");
    }
}
