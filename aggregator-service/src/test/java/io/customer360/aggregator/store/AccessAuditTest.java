package io.customer360.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.common.WithTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The batched audit loses nothing queued when the service shuts down: draining writes every entry, in batches. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class AccessAuditTest {

    @Inject
    AccessAudit audit;

    @Inject
    Pool pool;

    @Test
    void shutdownDrainWritesEveryQueuedEntryAcrossSeveralBatches() {
        String subject = "drain-" + UUID.randomUUID();
        for (int i = 0; i < 2500; i++) {
            audit.record("acme", "cust_" + i, subject, "assistant", "drain test", "rest", 200, null);
        }
        audit.drain(null);

        assertThat(audit.pending()).isZero();
        assertThat(pool.preparedQuery("SELECT count(*) FROM access_audit WHERE subject = $1").execute(Tuple.of(subject))
                .await().indefinitely().iterator().next().getLong(0)).isEqualTo(2500);
        // the periodic flush starts again for later accesses
        audit.record("acme", "cust_after", subject, "assistant", null, "rest", 200, null);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> pool
                .preparedQuery("SELECT count(*) FROM access_audit WHERE subject = $1 AND customer_id = 'cust_after'")
                .execute(Tuple.of(subject)).await().indefinitely().iterator().next().getLong(0) == 1);
    }
}
