package io.customer360.aggregator.service.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * profile.changed messages, as profile-service announces applied events, fire each skill once per cause on
 * customer360.triggers; the same events announced again fire nothing new; a trigger stored but not published is
 * published by the sweep.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class SkillTriggersTest {

    private static final String PREFIX = "test.aggregator.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    private final String customer = "trig_" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant now = Instant.now();

    private String change(String eventId, String type, String kind, String id, String priority) {
        return """
                {"eventId":"%s","eventType":"%s","occurredAt":"%s","sourceService":"test","records":[{"kind":"%s","id":"%s"}],"priority":%s}""".formatted(eventId, type, now, kind, id, priority == null ? "null" : "\"" + priority + "\"");
    }

    private void announce(Connection nats, String... changes) throws Exception {
        announceOn(nats, "profile.changed.acme." + customer, "acme", customer, changes);
    }

    /** A profile.changed message on {@code subject} whose body names {@code tenant} and {@code customerId}. */
    private void announceOn(Connection nats, String subject, String tenant, String customerId, String... changes)
            throws Exception {
        String message = """
                {"tenant":"%s","customerId":"%s","sections":["support"],"identity":{"name":null,"email":null,"company":null,"domain":null},
                 "eventIds":[],"occurredAt":"%s","changes":[%s]}""".formatted(tenant, customerId, now, String.join(",", changes));
        nats.jetStream().publish(PREFIX + subject, message.getBytes(StandardCharsets.UTF_8));
    }

    private List<JsonNode> listen(Connection nats) {
        return listen(nats, "acme");
    }

    private List<JsonNode> listen(Connection nats, String tenant) {
        List<JsonNode> triggers = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = nats.createDispatcher(message -> {
            try {
                triggers.add(JSON.readTree(message.getData()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatcher.subscribe(PREFIX + "customer360.triggers." + tenant + "." + customer);
        return triggers;
    }

    private long stored() {
        return pool.preparedQuery("SELECT count(*) FROM skill_triggers WHERE tenant = 'acme' AND customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void eachCauseFiresOnceAndTheSameEventsAnnouncedAgainFireNothing() throws Exception {
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            List<JsonNode> triggers = listen(nats);
            nats.flush(Duration.ofSeconds(2));
            String[] batch = {
                change("e1", "contact_added", "contact", "ct_1", null),
                change("e2", "ticket_opened", "ticket", "TKT-1", "P1"),
                change("e3", "session", "session", "s1", null),
                change("e4", "feature_used", "feature", "sso", null),
                change("e5", "payment_failed", "payment", "pay_1", null),
                // unrelated: a note, a contact's activity, a P3 ticket
                change("e6", "note", "note", "n1", null),
                change("e7", "contact_activity", "contact", "ct_1", null),
                change("e8", "ticket_opened", "ticket", "TKT-2", "P3")
            };
            announce(nats, batch);
            await().atMost(Duration.ofSeconds(15)).until(() -> triggers.size() >= 4);

            // announced again (a redelivery, a replay), and again split in two: nothing new. Then a new cause, which
            // the consumer handles after them: once it arrives, the replays have been handled too.
            announce(nats, batch);
            announce(nats, batch[0], batch[1]);
            announce(nats, change("e9", "ticket_updated", "ticket", "TKT-2", "P2"));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> triggers.stream()
                            .anyMatch(t -> t.path("cause").asText().equals("ticket_P2:TKT-2")));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> triggers.size() == 5);

            assertThat(triggers)
                    .extracting(t -> t.path("skill").asText() + " "
                            + t.path("cause").asText() + " " + t.path("evidenceEventIds"))
                    .containsExactlyInAnyOrder(
                            "stakeholder_mapper contact_added:ct_1 [\"e1\"]",
                            "support_ops/escalation_predictor ticket_P1:TKT-1 [\"e2\"]",
                            "adoption_score usage_change:"
                                    + now.atOffset(ZoneOffset.UTC).toLocalDate() + " [\"e3\",\"e4\"]",
                            "dunning_automation payment_failed:pay_1 [\"e5\"]",
                            "support_ops/escalation_predictor ticket_P2:TKT-2 [\"e9\"]");
            JsonNode first = triggers.stream()
                    .filter(t -> t.path("skill").asText().equals("stakeholder_mapper"))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.path("tenant").asText()).isEqualTo("acme");
            assertThat(first.path("customerId").asText()).isEqualTo(customer);
            assertThat(first.path("dedupKey").asText()).isEqualTo("acme:" + customer + ":stakeholder_mapper:event:e1");
            assertThat(Instant.parse(first.path("occurredAt").asText())).isEqualTo(now);
            assertThat(stored()).isEqualTo(5);
            // the evidence is stored as published, in its order (what the sweep publishes again)
            assertThat(pool.preparedQuery(
                                    "SELECT evidence_event_ids FROM skill_triggers WHERE customer_id = $1 AND skill = 'adoption_score'")
                            .execute(Tuple.of(customer))
                            .await()
                            .indefinitely()
                            .iterator()
                            .next()
                            .getArrayOfStrings(0))
                    .containsExactly("e3", "e4");
            assertThat(pool.preparedQuery(
                                    "SELECT count(*) FROM skill_triggers WHERE customer_id = $1 AND published_at IS NULL")
                            .execute(Tuple.of(customer))
                            .await()
                            .indefinitely()
                            .iterator()
                            .next()
                            .getLong(0))
                    .isZero();
        }
    }

    @Test
    void aChangeWhoseBodyOrSubjectDoesNotNameItsCustomerFiresNothing() throws Exception {
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            List<JsonNode> acme = listen(nats, "acme");
            List<JsonNode> globex = listen(nats, "globex");
            nats.flush(Duration.ofSeconds(2));
            String p1 = change("f1", "ticket_opened", "ticket", "TKT-F", "P1");
            // acme's subject, a body naming globex; then another customer of acme
            announceOn(nats, "profile.changed.acme." + customer, "globex", customer, p1);
            announceOn(nats, "profile.changed.acme." + customer, "acme", customer + "_other", p1);
            // a wildcard for the customer, and no customer token at all
            announceOn(nats, "profile.changed.globex.*", "globex", "*", p1);
            announceOn(nats, "profile.changed.globex", "globex", customer, p1);
            // the genuine change, handled after them
            announce(nats, change("g1", "contact_removed", "contact", "ct_9", null));

            await().atMost(Duration.ofSeconds(15)).until(() -> acme.size() == 1);
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> acme.size() == 1 && globex.isEmpty());
            assertThat(acme.get(0).path("cause").asText()).isEqualTo("contact_removed:ct_9");
            assertThat(pool.preparedQuery("SELECT count(*) FROM skill_triggers WHERE customer_id = ANY($1)")
                            .execute(Tuple.of(new String[] {customer, customer + "_other", "*"}))
                            .await()
                            .indefinitely()
                            .iterator()
                            .next()
                            .getLong(0))
                    .isEqualTo(1);
        }
    }

    @Test
    void anUnreadableMessageFiresNothingAndDoesNotStopTheConsumer() throws Exception {
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            List<JsonNode> triggers = listen(nats);
            nats.flush(Duration.ofSeconds(2));
            nats.jetStream()
                    .publish(PREFIX + "profile.changed.acme." + customer, "{not json".getBytes(StandardCharsets.UTF_8));
            nats.jetStream()
                    .publish(
                            PREFIX + "profile.changed.acme." + customer,
                            "{\"changes\":[{\"eventId\":42,\"eventType\":[\"x\"]}]}".getBytes(StandardCharsets.UTF_8));
            announce(nats, change("c1", "contact_removed", "contact", "ct_9", null));
            await().atMost(Duration.ofSeconds(15)).until(() -> triggers.size() == 1);
            assertThat(triggers.get(0).path("cause").asText()).isEqualTo("contact_removed:ct_9");
        }
    }

    @Test
    void aTriggerStoredButNeverPublishedIsPublishedByTheSweep() throws Exception {
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            List<JsonNode> triggers = listen(nats);
            nats.flush(Duration.ofSeconds(2));
            // as a crash between storing and publishing leaves it
            pool.preparedQuery("""
                            INSERT INTO skill_triggers (tenant, dedup_key, customer_id, skill, cause, evidence_event_ids, occurred_at,
                                                        recorded_at)
                            VALUES ('acme', $1, $2, 'dunning_automation', 'invoice_overdue:INV-9', ARRAY['o1'], $3, $4)""")
                    .execute(Tuple.of(
                            "acme:" + customer + ":dunning_automation:invoice_overdue:INV-9",
                            customer,
                            OffsetDateTime.now(ZoneOffset.UTC).minusDays(3),
                            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1)))
                    .await()
                    .indefinitely();
            await().atMost(Duration.ofSeconds(20)).until(() -> triggers.size() == 1);
            assertThat(triggers.get(0).path("cause").asText()).isEqualTo("invoice_overdue:INV-9");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> pool.preparedQuery("SELECT published_at FROM skill_triggers WHERE customer_id = $1")
                                    .execute(Tuple.of(customer))
                                    .await()
                                    .indefinitely()
                                    .iterator()
                                    .next()
                                    .getValue(0)
                            != null);
        }
    }
}
