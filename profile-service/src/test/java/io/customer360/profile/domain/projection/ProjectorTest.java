package io.customer360.profile.domain.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.domain.Provenance;
import io.customer360.profile.domain.catalog.EventCatalog;
import io.customer360.profile.domain.catalog.EventType;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.domain.projection.Projection.RecordChange;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What each event type does to the read models, as a table: the projection is pure, so no database is needed. */
class ProjectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant AT = Instant.ofEpochSecond(1734134400L);

    private static NormalizedEvent event(String type, String data) {
        return event(type, data, null);
    }

    private static NormalizedEvent event(String type, String data, String email) {
        try {
            return new NormalizedEvent(
                    "ev1",
                    "acme",
                    "cust_001",
                    email,
                    type,
                    AT,
                    "svc",
                    (ObjectNode) MAPPER.readTree(data),
                    MAPPER.createObjectNode(),
                    null,
                    true,
                    AT);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode values(RecordChange change) {
        return LwwMap.values(change.fields());
    }

    static Iterable<EventType> catalog() {
        return EventCatalog.all();
    }

    @ParameterizedTest
    @MethodSource("catalog")
    void everyCatalogExampleChangesItsSection(EventType type) {
        Projection projection = Projector.project(new NormalizedEvent(
                "ev1",
                "acme",
                "cust_001",
                null,
                type.name(),
                AT,
                "svc",
                MAPPER.valueToTree(type.example()),
                MAPPER.createObjectNode(),
                null,
                true,
                AT));

        assertThat(projection.sections()).contains(Section.TIMELINE, type.section());
        assertThat(projection.timeline().title()).isNotBlank();
        long recordSpecs = type.records().stream()
                .filter(spec -> !spec.kind().equals("customer"))
                .count();
        if (recordSpecs > 0) {
            assertThat(projection.records()).as(type.name()).isNotEmpty();
            projection
                    .records()
                    .forEach(change ->
                            assertThat(change.fields().size()).as(type.name()).isPositive());
        }
    }

    @Test
    void seedPurchaseBecomesPurchaseRowIdentityAndTimelineEntry() {
        Projection projection = Projector.project(event("purchase", """
                {"purchase_id":"ord_12345","product_name":"Wireless Headphones Pro","product_sku":"WHP-2000","quantity":1,
                 "price":299.99,"total":299.99,"warranty_expires":1765670400,"customer_name":"John Smith",
                 "email":"john.smith@example.com"}""", "John.Smith@Example.com"));

        assertThat(LwwMap.values(projection.customerFields()).get("name").asText())
                .isEqualTo("John Smith");
        assertThat(LwwMap.values(projection.customerFields()).get("email").asText())
                .isEqualTo("john.smith@example.com");
        assertThat(projection.purchase().id()).isEqualTo("ord_12345");
        assertThat(projection.purchase().total()).isEqualByComparingTo("299.99");
        assertThat(projection.purchase().warrantyExpires()).isEqualTo(Instant.ofEpochSecond(1765670400L));
        assertThat(projection.timeline().title()).isEqualTo("Purchased Wireless Headphones Pro");
        assertThat(projection.timeline().amount()).isEqualByComparingTo(new BigDecimal("299.99"));
        assertThat(projection.sections())
                .containsExactlyInAnyOrder(Section.TIMELINE, Section.PURCHASES, Section.PROFILE);
    }

    @Test
    void seedSupportTicketIsATicketAndKnowledgeWithPriorityMapped() {
        Projection projection = Projector.project(event("support_ticket", """
                {"ticket_id":"TKT-5678","title":"Product not working","description":"Bluetooth pairing is inconsistent",
                 "status":"open","priority":"high","category":"technical","important":true,"save_as_memory":true}"""));

        assertThat(projection.records()).extracting(RecordChange::kind).containsExactly("ticket", "knowledge");
        ObjectNode ticket = values(projection.records().get(0));
        assertThat(projection.records().get(0).recordId()).isEqualTo("TKT-5678");
        assertThat(ticket.get("priority").asText()).isEqualTo("P2");
        assertThat(ticket.get("status").asText()).isEqualTo("open");
        assertThat(ticket.get("opened_at").asText()).isEqualTo("2024-12-14T00:00:00Z");
        assertThat(values(projection.records().get(1)).get("content").asText())
                .isEqualTo("Bluetooth pairing is inconsistent");
        assertThat(projection.sections()).contains(Section.SUPPORT, Section.KNOWLEDGE);
        assertThat(projection.timeline().status()).isEqualTo("open");
    }

    @Test
    void partnerPriorityWordsMapToP1ToP4AndOtherWordsAreLeftOut() {
        for (String[] mapping : new String[][] {
            {"urgent", "P1"},
            {"Critical", "P1"},
            {"high", "P2"},
            {"medium", "P3"},
            {"normal", "P3"},
            {"low", "P4"},
            {"p2", "P2"}
        }) {
            Projection projection = Projector.project(
                    event("ticket_updated", "{\"ticket_id\":\"T\",\"priority\":\"" + mapping[0] + "\"}"));
            assertThat(values(projection.records().get(0)).get("priority").asText())
                    .as(mapping[0])
                    .isEqualTo(mapping[1]);
        }
        Projection unknown =
                Projector.project(event("ticket_updated", "{\"ticket_id\":\"T\",\"priority\":\"whenever\"}"));
        assertThat(values(unknown.records().get(0)).has("priority")).isFalse();
    }

    @Test
    void theTypeDecidesTheStatusWhateverTheDataSays() {
        Projection paid = Projector.project(
                event("invoice_paid", "{\"invoice_id\":\"INV-1\",\"status\":\"open\",\"amount\":10}"));

        ObjectNode invoice = values(paid.records().get(0));
        assertThat(invoice.get("status").asText()).isEqualTo("paid");
        assertThat(invoice.get("paid_at").asText()).isEqualTo("2024-12-14T00:00:00Z");
        assertThat(invoice.get("amount").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void wrongTypesAreLeftOutAndTheRestStillLands() {
        Projection projection = Projector.project(
                event(
                        "subscription_created",
                        "{\"plan\":\"Pro\",\"mrr\":\"lots\",\"seats_total\":12.5,\"renewal_date\":\"not a date\",\"features\":\"sso\"}"));

        ObjectNode subscription = values(projection.records().get(0));
        assertThat(projection.records().get(0).recordId()).isEqualTo("primary");
        assertThat(subscription.get("plan").asText()).isEqualTo("Pro");
        assertThat(subscription.has("mrr")).isFalse();
        assertThat(subscription.has("seats_total")).isFalse();
        assertThat(subscription.has("renewal_date")).isFalse();
        assertThat(subscription.has("features")).isFalse();
    }

    @Test
    void timestampsAcceptUnixSecondsIsoInstantsAndDates() {
        Projection projection = Projector.project(
                event(
                        "subscription_updated",
                        "{\"renewal_date\":\"2027-03-01\",\"contract_end_date\":1803859200,\"started_at\":\"2026-01-01T10:00:00+02:00\"}"));

        ObjectNode subscription = values(projection.records().get(0));
        assertThat(subscription.get("renewal_date").asText()).isEqualTo("2027-03-01T00:00:00Z");
        assertThat(subscription.get("contract_end_date").asText()).isEqualTo("2027-03-01T00:00:00Z");
        assertThat(subscription.get("started_at").asText()).isEqualTo("2026-01-01T08:00:00Z");
    }

    @Test
    void sensitiveNoteIsMarkedOnTheTimelineAndTheRecord() {
        Projection projection =
                Projector.project(event("observation", "{\"content\":\"Budget cuts ahead\",\"sensitive\":true}"));

        assertThat(projection.timeline().sensitive()).isTrue();
        assertThat(projection.records().get(0).kind()).isEqualTo("note");
        assertThat(projection.records().get(0).recordId()).isEqualTo("ev1");
        assertThat(values(projection.records().get(0)).get("sensitive").asBoolean())
                .isTrue();
        assertThat(projection.sections()).contains(Section.NOTES);
    }

    @Test
    void sensitiveAsTextIsSensitiveOnTheTimelineToo() {
        Projection projection = Projector.project(event("note", "{\"content\":\"Private\",\"sensitive\":\"true\"}"));

        assertThat(projection.timeline().sensitive()).isTrue();
        assertThat(values(projection.records().get(0)).get("sensitive").asBoolean())
                .isTrue();
    }

    @Test
    void profileUpdateSetsProfileFieldsAndAnExplicitNullClearsOne() {
        Projection projection = Projector.project(event(
                "profile_update",
                "{\"name\":\"Jane\",\"industry\":\"Retail\",\"account_owner\":null,\"employees\":\"many\"}"));

        ObjectNode fields = LwwMap.values(projection.customerFields());
        assertThat(fields.get("name").asText()).isEqualTo("Jane");
        assertThat(fields.get("industry").asText()).isEqualTo("Retail");
        assertThat(fields.has("account_owner")).isTrue();
        assertThat(fields.get("account_owner").isNull()).isTrue();
        assertThat(fields.has("employees")).isFalse();
    }

    @Test
    void contactEventsNeverChangeTheCustomersOwnName() {
        Projection projection = Projector.project(
                event(
                        "contact_added",
                        "{\"contact_id\":\"ct_1\",\"contact_name\":\"Jane Doe\",\"name\":\"Jane Doe\",\"role\":\"Executive Sponsor\"}"));

        assertThat(projection.customerFields().has("name")).isFalse();
        assertThat(values(projection.records().get(0)).get("role").asText()).isEqualTo("executive_sponsor");
    }

    @Test
    void onlyEventsWithWrittenTextAreSearchable() {
        assertThat(Projector.project(event("login", "{\"user_id\":\"u1\"}"))
                        .timeline()
                        .searchable())
                .isFalse();
        assertThat(Projector.project(event("feature_used", "{\"feature\":\"reports\"}"))
                        .timeline()
                        .searchable())
                .isFalse();
        assertThat(Projector.project(event("ticket_opened", "{\"ticket_id\":\"T\",\"title\":\"SSO loops\"}"))
                        .timeline()
                        .searchable())
                .isTrue();
        assertThat(Projector.project(event("contact", "{\"message\":\"When will it arrive?\"}"))
                        .timeline()
                        .searchable())
                .isTrue();
    }

    @Test
    void unknownTypeBecomesAGenericTimelineEntry() {
        Projection projection = Projector.project(event("webinar_attended", "{\"title\":\"Q4 roadmap\",\"amount\":0}"));

        assertThat(projection.records()).isEmpty();
        assertThat(projection.sections()).containsExactly(Section.TIMELINE);
        assertThat(projection.timeline().title()).isEqualTo("Q4 roadmap");
    }

    @Test
    void recordIdFallsBackToTheEventIdAndHugeIdsAreNotIds() {
        Projection projection =
                Projector.project(event("payment_failed", "{\"payment_id\":\"" + "x".repeat(200) + "\"}"));

        assertThat(projection.records().get(0).recordId()).isEqualTo("ev1");
    }

    @Test
    void mergingTheSameChangesInAnyOrderGivesOneState() {
        ObjectNode a = LwwMap.empty();
        LwwMap.put(a, "status", MAPPER.getNodeFactory().textNode("open"), LwwMap.version(AT, "e1"));
        ObjectNode b = LwwMap.empty();
        LwwMap.put(b, "status", MAPPER.getNodeFactory().textNode("resolved"), LwwMap.version(AT.plusSeconds(1), "e2"));
        LwwMap.put(b, "priority", MAPPER.getNodeFactory().textNode("P2"), LwwMap.version(AT.plusSeconds(1), "e2"));

        ObjectNode ab = a.deepCopy();
        LwwMap.mergeInto(ab, b);
        ObjectNode ba = b.deepCopy();
        LwwMap.mergeInto(ba, a);
        LwwMap.mergeInto(ba, a);

        assertThat(ab).isEqualTo(ba);
        JsonNode status = LwwMap.values(ab).get("status");
        assertThat(status.asText()).isEqualTo("resolved");
    }

    @Test
    void aFieldReportedPerSourceIsAlsoKeptUnderItsSource() {
        NormalizedEvent billing = new NormalizedEvent(
                "ev1",
                "acme",
                "cust_001",
                null,
                "subscription_updated",
                AT,
                "Billing-Service",
                MAPPER.createObjectNode().put("arr", 50400).put("plan", "Pro"),
                MAPPER.createObjectNode(),
                null,
                true,
                AT);

        ObjectNode values = values(Projector.project(billing).records().get(0));

        assertThat(values.get("arr").intValue()).isEqualTo(50400);
        assertThat(values.get("arr@billing-service").intValue()).isEqualTo(50400);
        // plan is no field several systems disagree on: one value only
        assertThat(values.fieldNames())
                .toIterable()
                .filteredOn(name -> name.startsWith("plan"))
                .containsExactly("plan");
    }

    @Test
    void communicationPreferencesAreReadAsCodes() {
        ObjectNode values = values(Projector.project(
                        event(
                                "contact_updated",
                                "{\"contact_id\":\"c1\",\"do_not_contact_via\":[\"Call\",\" SMS \",7],\"do_not_contact\":\"true\"}"))
                .records()
                .get(0));

        assertThat(values.get("opted_out_channels"))
                .containsExactly(
                        MAPPER.getNodeFactory().textNode("call"),
                        MAPPER.getNodeFactory().textNode("sms"));
        assertThat(values.get("do_not_contact").booleanValue()).isTrue();
    }

    @Test
    void aPartnerRaisesANotesSensitivityButNeverLowersIt() {
        Projection raised =
                Projector.project(event("note", "{\"note_id\": \"n1\", \"content\": \"x\", \"sensitive\": \"true\"}"));
        assertThat(raised.timeline().noteId()).isEqualTo("n1");
        assertThat(raised.timeline().mark()).isEqualTo(SensitivityMark.RAISED);
        assertThat(raised.timeline().sensitive()).isTrue();
        assertThat(values(raised.records().get(0)).get("sensitive").booleanValue())
                .isTrue();

        Projection lowered =
                Projector.project(event("note", "{\"note_id\": \"n1\", \"content\": \"x\", \"sensitive\": false}"));
        assertThat(lowered.timeline().mark()).isNull();
        assertThat(lowered.records().get(0).fields().has("sensitive"))
                .as("a partner's false says nothing")
                .isFalse();
    }

    @Test
    void onlyThePlatformLowersANotesSensitivityAndAChangeWithoutTheFlagKeepsIt() {
        Provenance api = Provenance.platform("acme-analyst");
        Projection lowered = Projector.project(
                event("note", "{\"note_id\": \"n1\", \"content\": \"x\", \"sensitive\": false}"), api);
        assertThat(lowered.timeline().mark()).isEqualTo(SensitivityMark.LOWERED);
        assertThat(values(lowered.records().get(0)).get("sensitive").booleanValue())
                .isFalse();

        Projection silent = Projector.project(event("note", "{\"note_id\": \"n1\", \"content\": \"y\"}"), api);
        assertThat(silent.timeline().mark()).isNull();
        assertThat(silent.records().get(0).fields().has("sensitive")).isFalse();

        Projection deleted = Projector.project(event("note_deleted", "{\"note_id\": \"n1\"}"), api);
        assertThat(deleted.timeline().noteId())
                .as("a deletion is an entry of the note too")
                .isEqualTo("n1");
    }

    @Test
    void anEventThatWritesNoNoteBelongsToNone() {
        Projection ticket = Projector.project(event("support_ticket", "{\"ticket_id\": \"T1\", \"sensitive\": true}"));
        assertThat(ticket.timeline().noteId()).isNull();
        assertThat(ticket.timeline().mark()).isNull();
        assertThat(ticket.timeline().sensitive()).isTrue();
    }
}
