package io.customer360.aggregator.service.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.testing.QueryPlans;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plan PostgreSQL keeps for marking triggers published while {@code skill_triggers} has no statistics (a new
 * database, until autovacuum first analyzes it): made then, it is kept for the connection's life while the table grows,
 * so it must read only the customer's triggers. By (tenant, dedup_key = ANY) alone it read all of the tenant's, through
 * the index by customer with the tenant as its only condition: 5.1 ms per UPDATE after 14,000 views. The table here is a
 * fresh, never-analyzed copy with the same name and indexes, which the production statement reads, as a temporary table
 * comes first in the search path.
 */
class TriggerLogPlanTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/c360_aggregator_test";

    private QueryPlans plans;

    @BeforeEach
    void freshCopy() throws SQLException {
        Flyway.configure().dataSource(URL, "postgres", "").load().migrate();
        plans = QueryPlans.open(URL);
        plans.execute("CREATE TEMP TABLE skill_triggers (LIKE public.skill_triggers INCLUDING ALL) ON COMMIT DROP");
    }

    @AfterEach
    void rollBack() throws SQLException {
        plans.close();
    }

    @Test
    void markingPublishedReadsOnlyTheCustomersTriggersInTheGenericPlanOfATableWithoutStatistics() throws SQLException {
        plans.execute("SET LOCAL plan_cache_mode = force_generic_plan");
        assertReadsOneCustomer("empty");
        // a table with rows but no statistics yet: the state the plan above went wrong in
        plans.execute("""
                INSERT INTO skill_triggers (tenant, dedup_key, customer_id, skill, cause, evidence_event_ids, occurred_at)
                SELECT 'acme', 'acme:c' || i || ':adoption_score:x', 'c' || i, 'adoption_score', 'x', '{e1}', now()
                FROM generate_series(1, 200) i""");
        assertReadsOneCustomer("filled");
    }

    private void assertReadsOneCustomer(String name) throws SQLException {
        plans.execute("PREPARE " + name + "(text, text, text[]) AS " + TriggerLog.MARK_PUBLISHED);
        String plan = plans.plan("EXECUTE " + name + "('acme', 'c1', '{acme:c1:adoption_score:x,acme:c1:dunning:y}')");

        assertThat(plan).contains("pg_temp").doesNotContain("Seq Scan");
        assertThat(plan.lines().filter(line -> line.contains("Index Cond")))
                .singleElement()
                .matches(
                        line -> line.contains("customer_id = $2") || line.contains("dedup_key = ANY ($3)"),
                        "an index condition on the customer or the keys");
    }
}
