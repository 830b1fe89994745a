package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static io.customer360.profile.ProfileEvents.publishOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.NatsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * NATS is a trust boundary (issue 17): the tenant and customer of a message are its subject's. A normalized event or a
 * customer360.state message whose body names another tenant or customer, or whose subject does not name a valid
 * tenant and customer, is refused: acked, counted ({@code c360_nats_messages_refused_total}), nothing applied.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ForgedMessagesTest {

    private static final String PREFIX = "test.profile.";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anEventOnAcmesSubjectWhoseBodySaysGlobexChangesNothing() {
        String customer = "forged_" + run;
        double before = refused("profile-service", "tenant_mismatch");
        Map<String, Object> globex =
                event(GLOBEX, "f1_" + run, customer, null, "profile_update", 1734300000L, Map.of("name", "Forged"));
        publishOn(
                nats, PREFIX + "profile.events." + ACME + "." + customer + ".profile_update", globex, "acme:f1_" + run);

        await().atMost(WAIT).until(() -> refused("profile-service", "tenant_mismatch") >= before + 1);
        assertThat(customers(customer)).as("no globex customer, no acme row").isZero();
        assertThat(timelineRows("f1_" + run)).isZero();
    }

    @Test
    void anEventWhoseBodyNamesAnotherCustomerThanItsSubjectChangesNothing() {
        String victim = "victim_" + run;
        String other = "other_" + run;
        double before = refused("profile-service", "tenant_mismatch");
        // the subject says one customer, the body another
        publishOn(
                nats,
                PREFIX + "profile.events." + ACME + "." + other + ".profile_update",
                event(ACME, "f2_" + run, victim, null, "profile_update", 1734300000L, Map.of("name", "Forged")),
                "acme:f2_" + run);
        // an email-only event must travel under its email's token, else erasure could not find it
        publishOn(
                nats,
                PREFIX + "profile.events." + ACME + "." + CustomerTokens.ofEmail("someone@example.com") + ".contact",
                event(ACME, "f3_" + run, null, "victim_" + run + "@example.com", "contact", 1734300000L, Map.of()),
                "acme:f3_" + run);

        await().atMost(WAIT).until(() -> refused("profile-service", "tenant_mismatch") >= before + 2);
        assertThat(customers(victim)).isZero();
        assertThat(customers(other)).isZero();
        assertThat(timelineRows("f2_" + run) + timelineRows("f3_" + run)).isZero();
    }

    @Test
    void anEventWhoseSubjectNamesNoValidTenantAndCustomerIsRefused() {
        String customer = "wild_" + run;
        double before = refused("profile-service", "invalid_subject");
        Map<String, Object> event = event(ACME, "w1_" + run, customer, null, "contact", 1734300000L, Map.of());
        // a wildcard for a customer token (NATS stores it as sent)
        publishOn(nats, PREFIX + "profile.events." + ACME + ".*.contact", event, "acme:w0_" + run);
        // the subject of old, without a customer token
        publishOn(nats, PREFIX + "profile.events." + ACME + ".contact", event, "acme:w1_" + run);
        // a customer token no customer id can be
        publishOn(
                nats, PREFIX + "profile.events." + ACME + "." + "x".repeat(129) + ".contact", event, "acme:w2_" + run);
        // a tenant token no tenant can be
        publishOn(nats, PREFIX + "profile.events.ACME!." + customer + ".contact", event, "acme:w3_" + run);
        // a customer id in the body that cannot be one, under the token of its email
        Map<String, Object> wildcard =
                event(ACME, "w4_" + run, "*", customer + "@example.com", "contact", 1734300000L, Map.of());
        publishOn(
                nats,
                PREFIX + "profile.events." + ACME + "." + CustomerTokens.ofEmail(customer + "@example.com")
                        + ".contact",
                wildcard,
                "acme:w4_" + run);

        await().atMost(WAIT).until(() -> refused("profile-service", "invalid_subject") >= before + 5);
        assertThat(customers(customer)).isZero();
        assertThat(customers("*")).isZero();
    }

    @Test
    void aStateWhoseBodyNamesAnotherTenantOrCustomerChangesNothing() throws Exception {
        String customer = "state_" + run;
        publish(
                nats,
                PREFIX,
                event(ACME, "s0_" + run, customer, null, "contact", 1734300000L, Map.of()),
                "acme:s0_" + run);
        await().atMost(WAIT).until(() -> customers(customer) == 1);
        double mismatched = refused("profile-service-state", "tenant_mismatch");
        double invalid = refused("profile-service-state", "invalid_subject");

        String subject = PREFIX + "customer360.state." + ACME + "." + customer;
        state(subject, GLOBEX, customer, "escalation_required", 10, Instant.parse("2027-01-01T00:00:00Z"));
        state(subject, ACME, customer + "_other", "escalation_required", 10, Instant.parse("2027-01-01T00:00:00Z"));
        state(
                PREFIX + "customer360.state." + ACME + ".x" + "y".repeat(128),
                ACME,
                null,
                "escalation_required",
                10,
                Instant.parse("2027-01-01T00:00:00Z"));
        state(
                PREFIX + "customer360.state." + ACME,
                ACME,
                customer,
                "escalation_required",
                10,
                Instant.parse("2027-01-01T00:00:00Z"));
        state(
                PREFIX + "customer360.state." + ACME + ".*",
                ACME,
                null,
                "escalation_required",
                10,
                Instant.parse("2027-01-01T00:00:00Z"));

        await().atMost(WAIT)
                .until(() -> refused("profile-service-state", "tenant_mismatch") >= mismatched + 2
                        && refused("profile-service-state", "invalid_subject") >= invalid + 3);
        assertThat(state(customer)).isEqualTo("null/null");

        // the genuine state, body and subject agreeing, is applied
        state(subject, ACME, customer, "healthy", 88, Instant.now());
        await().atMost(WAIT).until(() -> state(customer).equals("healthy/88.00"));
    }

    private void state(String subject, String tenant, String customerId, String exitState, int score, Instant at)
            throws Exception {
        String body =
                """
                {"tenant":"%s","customerId":%s,"exitState":"%s","previousExitState":null,"healthScore":%d,
                 "healthBand":"good","occurredAt":"%s"}""".formatted(tenant, customerId == null ? "null" : "\"" + customerId + "\"", exitState, score, at);
        nats.jetStream().publish(subject, body.getBytes(StandardCharsets.UTF_8));
    }

    private double refused(String consumer, String reason) {
        return metrics.counter("c360.nats.messages.refused", "consumer", consumer, "reason", reason)
                .count();
    }

    /** Rows of customers with this id in any tenant. */
    private long customers(String id) {
        return pool.preparedQuery("SELECT count(*) FROM customers WHERE id = $1")
                .execute(Tuple.of(id))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private long timelineRows(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM timeline_events WHERE event_id = $1")
                .execute(Tuple.of(eventId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private String state(String customer) {
        Row row = pool.preparedQuery("SELECT exit_state, health_score FROM customers WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(ACME, customer))
                .await()
                .indefinitely()
                .iterator()
                .next();
        return row.getString("exit_state") + "/" + row.getValue("health_score");
    }
}
