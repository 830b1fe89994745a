package io.customer360.profile.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.testing.QueryPlans;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plans PostgreSQL keeps for the write path's lookups of a batch's keys (aliases, owners of emails, customers that
 * must exist, erasures) when their tables have no statistics yet, as in a new database until autovacuum first
 * analyzes it: made then, they are kept for the connection's life while the tables grow, so each key must be looked up
 * in an index, never by scanning the table (a join with the unnested keys did: a hash join over the whole table). The
 * tables here are fresh, never-analyzed copies with the same names and indexes, which the production statements read,
 * as temporary tables come first in the search path.
 */
class WriteLookupPlanTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/c360_profile_test";

    private QueryPlans plans;

    @BeforeEach
    void freshCopies() throws SQLException {
        Flyway.configure().dataSource(URL, "postgres", "").load().migrate();
        plans = QueryPlans.open(URL);
        for (String table : new String[] {"customer_aliases", "customer_identities", "customers", "erasures"}) {
            plans.execute("CREATE TEMP TABLE " + table + " (LIKE public." + table + " INCLUDING ALL) ON COMMIT DROP");
        }
        plans.execute("SET LOCAL plan_cache_mode = force_generic_plan");
    }

    @AfterEach
    void rollBack() throws SQLException {
        plans.close();
    }

    static Stream<Arguments> lookups() {
        return Stream.of(
                Arguments.of("aliases", EventBatchWriter.ALIASES),
                Arguments.of("owners of emails", EventBatchWriter.EMAIL_OWNERS),
                Arguments.of("customers that must exist", EventBatchWriter.EXISTING_CUSTOMERS),
                Arguments.of("erasures", EventBatchWriter.LAST_ERASURES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void eachKeyIsLookedUpInAnIndexInTheGenericPlanOfTablesWithoutStatistics(String name, String sql)
            throws SQLException {
        plans.execute("PREPARE lookup(text[], text[]) AS " + sql);

        assertThat(plans.plan("EXECUTE lookup('{acme,acme}', '{cust_1,cust_2}')"))
                .contains("pg_temp")
                .contains("Nested Loop")
                .contains("Index Cond")
                .doesNotContain("Seq Scan")
                .doesNotContain("Hash Join");
    }
}
