package io.customer360.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An audit row is committed when its record completes; concurrent accesses share INSERTs. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class AccessAuditTest {

    @Inject
    AccessAudit audit;

    @Inject
    Pool pool;

    @Test
    void aRecordCompletesOnlyOnceItsRowIsCommitted() {
        String subject = "durable-" + UUID.randomUUID();
        audit.record("acme", "cust_1", subject, "assistant", "durability test", "rest", 200, null)
                .await()
                .atMost(Duration.ofSeconds(5));

        // read on another connection right away: no timer, no queue left to flush
        assertThat(rows(subject)).isEqualTo(1);
        assertThat(audit.idle()).isTrue();
    }

    @Test
    void concurrentAccessesAreWrittenTogetherAndEveryOneIsCommittedWhenItCompletes() {
        String subject = "batched-" + UUID.randomUUID();
        long insertsBefore = audit.inserts();
        List<Uni<Void>> records = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            records.add(audit.record("acme", "cust_" + i, subject, "assistant", "batch test", "rest", 200, null));
        }
        Uni.join().all(records).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(rows(subject)).isEqualTo(2500);
        assertThat(audit.inserts() - insertsBefore)
                .as("INSERTs for 2500 concurrent accesses")
                .isLessThan(100);
        assertThat(audit.idle()).isTrue();
    }

    private long rows(String subject) {
        return pool.preparedQuery("SELECT count(*) FROM access_audit WHERE subject = $1")
                .execute(Tuple.of(subject))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}
