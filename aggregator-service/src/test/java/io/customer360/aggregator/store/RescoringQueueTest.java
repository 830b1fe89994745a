package io.customer360.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Which accounts a rescoring run takes (changed first, then the longest due, at most its bound, of its tenants only,
 * none waiting after a failure), which accounts discovery marks (no state, no due row), that a row is deleted only if
 * it was not marked again, and that one session at a time holds the run's lock. Each test uses tenants of its own.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class RescoringQueueTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    RescoringQueue queue;

    @Inject
    RescoringLock lock;

    @Inject
    Pool pool;

    private final String tenant = "rq" + UUID.randomUUID().toString().substring(0, 8);
    private final String other = tenant + "_other";

    private void recordedAgo(String tenant, String customer, Duration ago) {
        pool.preparedQuery(
                        "INSERT INTO account_states (tenant, customer_id, exit_state, updated_at) VALUES ($1, $2, 'healthy', $3)")
                .execute(Tuple.of(tenant, customer, OffsetDateTime.now().minus(ago)))
                .await()
                .indefinitely();
    }

    private List<String> next(List<String> tenants, int limit) {
        return queue.next(tenants, limit).await().indefinitely().stream()
                .map(due -> due.tenant() + "/" + due.customerId() + ":" + due.reason())
                .toList();
    }

    private Row row(String customer) {
        var rows = pool.preparedQuery("SELECT * FROM rescoring_due WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customer))
                .await()
                .indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    @Test
    void aRunTakesChangedAccountsFirstThenTheLongestDueAtMostItsBoundAndOnlyItsTenants() {
        recordedAgo(tenant, "s2", Duration.ofDays(3));
        recordedAgo(tenant, "s1", Duration.ofDays(2));
        assertThat(queue.markStale(List.of(tenant), DAY).await().indefinitely()).isEqualTo(2);
        queue.changed(tenant, "c1").await().indefinitely();
        queue.changed(other, "o1").await().indefinitely();

        assertThat(next(List.of(tenant), 2)).containsExactly(tenant + "/c1:changed", tenant + "/s1:stale");
        assertThat(next(List.of(tenant), 10))
                .containsExactly(tenant + "/c1:changed", tenant + "/s1:stale", tenant + "/s2:stale");
        assertThat(next(List.of(other), 10)).containsExactly(other + "/o1:changed");
        assertThat(next(List.of(tenant, other), 2)).containsExactly(tenant + "/c1:changed", other + "/o1:changed");
    }

    @Test
    void theSweepMarksOnlyAccountsNotRecordedWithinItsWindowAndAChangeOvertakesIt() {
        recordedAgo(tenant, "fresh", Duration.ofHours(1));
        recordedAgo(tenant, "old", Duration.ofDays(2));
        recordedAgo(other, "old", Duration.ofDays(2));

        assertThat(queue.markStale(List.of(tenant), DAY).await().indefinitely()).isEqualTo(1);
        assertThat(queue.markStale(List.of(tenant), DAY).await().indefinitely())
                .as("already due")
                .isZero();
        assertThat(row("fresh")).isNull();
        assertThat(row("old").getString("reason")).isEqualTo("stale");

        queue.changed(tenant, "old").await().indefinitely();
        assertThat(row("old").getString("reason")).isEqualTo("changed");
        assertThat(next(List.of(other), 10)).isEmpty();
    }

    @Test
    void discoveryMarksOnlyAccountsWithNeitherAStateNorADueRow() {
        recordedAgo(tenant, "known", Duration.ofHours(1));
        queue.changed(tenant, "changed").await().indefinitely();
        recordedAgo(other, "new", Duration.ofHours(1)); // another tenant's state does not count

        assertThat(queue.markDiscovered(tenant, List.of("known", "changed", "new"))
                        .await()
                        .indefinitely())
                .isEqualTo(1);
        assertThat(queue.markDiscovered(tenant, List.of()).await().indefinitely())
                .isZero();
        assertThat(row("known")).isNull();
        assertThat(row("changed").getString("reason")).isEqualTo("changed");
        assertThat(row("new").getString("reason")).isEqualTo("discovered");
        assertThat(next(List.of(tenant), 10)).containsExactly(tenant + "/changed:changed", tenant + "/new:discovered");
    }

    @Test
    void anAccountMarkedAgainWhileARunHadItStaysDue() {
        queue.changed(tenant, "c").await().indefinitely();
        RescoringQueue.Due taken =
                queue.next(List.of(tenant), 1).await().indefinitely().get(0);
        // a profile.changed arrives while the run rescores the account
        queue.changed(tenant, "c").await().indefinitely();

        assertThat(queue.done(taken).await().indefinitely()).isFalse();
        assertThat(row("c")).isNotNull();

        RescoringQueue.Due again =
                queue.next(List.of(tenant), 1).await().indefinitely().get(0);
        assertThat(again.mark()).isGreaterThan(taken.mark());
        assertThat(queue.done(again).await().indefinitely()).isTrue();
        assertThat(row("c")).isNull();
    }

    @Test
    void aFailedAccountWaitsDoubledPerFailureUpToTheLongestWait() {
        queue.changed(tenant, "f").await().indefinitely();
        RescoringQueue.Due taken =
                queue.next(List.of(tenant), 1).await().indefinitely().get(0);

        OffsetDateTime before = dbNow();
        queue.failed(taken, Duration.ofMinutes(5), Duration.ofMinutes(8))
                .await()
                .indefinitely();
        OffsetDateTime after = dbNow();
        assertThat(row("f").getInteger("attempts")).isEqualTo(1);
        assertThat(row("f").getOffsetDateTime("next_attempt_at"))
                .isBetween(before.plusMinutes(5), after.plusMinutes(5));
        assertThat(next(List.of(tenant), 10)).as("waiting").isEmpty();

        // the second failure would wait 10 minutes: capped at 8
        before = dbNow();
        queue.failed(taken, Duration.ofMinutes(5), Duration.ofMinutes(8))
                .await()
                .indefinitely();
        after = dbNow();
        assertThat(row("f").getInteger("attempts")).isEqualTo(2);
        assertThat(row("f").getOffsetDateTime("next_attempt_at"))
                .isBetween(before.plusMinutes(8), after.plusMinutes(8));

        // a new change makes it due at once
        queue.changed(tenant, "f").await().indefinitely();
        assertThat(next(List.of(tenant), 10)).containsExactly(tenant + "/f:changed");
    }

    @Test
    void whileOneSessionHoldsTheLockNoOtherGetsItAndOnceReleasedItIsFree() {
        long key = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE);
        RescoringLock.Held held = lock.tryAcquire(key).await().indefinitely();
        assertThat(held).isNotNull();
        assertThat(lock.tryAcquire(key).await().indefinitely())
                .as("a second replica")
                .isNull();
        assertThat(advisoryLocksHeld(key)).isEqualTo(1);

        held.release().await().indefinitely();
        assertThat(advisoryLocksHeld(key)).isZero();
        RescoringLock.Held next = lock.tryAcquire(key).await().indefinitely();
        assertThat(next).isNotNull();
        next.release().await().indefinitely();
    }

    private long advisoryLocksHeld(long key) {
        return pool.preparedQuery("""
                        SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                          AND ((classid::bigint << 32) | objid::bigint) = $1""")
                .execute(Tuple.of(key))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private OffsetDateTime dbNow() {
        return pool.query("SELECT now()")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getOffsetDateTime(0);
    }
}
