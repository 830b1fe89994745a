package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.customer360.profile.store.CustomerMerges;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export everything about a customer; erase it from every table and announce customer.erased. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CustomerPrivacyResourceTest {

    private static final String PREFIX = "test.profile.";
    /** Columns that name a customer, in any table of the store. */
    private static final List<String> CUSTOMER_COLUMNS =
            List.of("id", "customer_id", "other_customer_id", "target_id", "source_id", "alias_id");

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    EventApplier applier;

    @Inject
    CustomerMerges merges;

    private final String customer = "gdpr_" + UUID.randomUUID().toString().substring(0, 8);
    /** The streams' last sequences before this test published anything: every message of its customer comes after. */
    private final Map<String, Long> before = new java.util.HashMap<>();

    @BeforeEach
    void customerWithPurchaseContactAndAParkedEvent() throws Exception {
        for (String stream : List.of(Topology.PROFILE_EVENTS, Topology.PROFILE_CHANGES)) {
            before.put(
                    stream,
                    nats.management()
                            .getStreamInfo(nats.name(stream))
                            .getStreamState()
                            .getLastSequence());
        }
        publish(
                nats,
                PREFIX,
                event(
                        ACME,
                        customer + "_p",
                        customer,
                        customer + "@example.com",
                        "purchase",
                        1734134400L,
                        Map.of(
                                "purchase_id",
                                customer + "_order",
                                "product_name",
                                "Wireless Headphones Pro",
                                "total",
                                299.99)),
                customer + "_p");
        publish(
                nats,
                PREFIX,
                event(ACME, customer + "_c", customer, null, "contact", 1734200000L, Map.of("title", "hi")),
                customer + "_c");
        publish(
                nats,
                PREFIX,
                event(ACME, customer + "_bad", customer, null, "note", 1734300000L, Map.of("content", "a\u0000b")),
                customer + "_bad");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> rowsOf("timeline_events") == 2 && rowsOf("parked_events") == 1);
        // a note and a ticket (records), a twin sharing the email (identity link), an older profile merged in (merge,
        // alias)
        Fixtures.customer(ACME, customer)
                .event("note", Duration.ofDays(1), Map.of("note_id", "n1", "content", "Likes jazz", "sensitive", true))
                .event("ticket_opened", Duration.ofDays(1), Map.of("ticket_id", "T1", "priority", "high"))
                .applyWith(applier);
        applier.apply(List.of(Fixtures.normalized(
                        ACME,
                        customer + "_twin_e",
                        customer + "_twin",
                        customer + "@example.com",
                        "contact",
                        java.time.Instant.now(),
                        Map.of())))
                .await()
                .indefinitely();
        Fixtures.customer(ACME, customer + "_old")
                .event("contact", Duration.ofDays(400), Map.of("title", "old"))
                .applyWith(applier);
        merges.merge(ACME, customer, customer + "_old", "acme-admin").await().indefinitely();
    }

    @Test
    void exportHoldsEverything() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN, Roles.SENSITIVE))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(200)
                .body("sensitiveIncluded", equalTo(true))
                .body("customer.id", equalTo(customer))
                .body("identities[0].value", equalTo(customer + "@example.com"))
                .body("timeline", hasSize(5))
                .body("records.kind", org.hamcrest.Matchers.containsInAnyOrder("note", "ticket"))
                .body("records.find { it.kind == 'note' }.content", equalTo("Likes jazz"))
                .body("purchases", hasSize(1))
                .body("links", hasSize(1))
                .body("merges[0].sourceId", equalTo(customer + "_old"))
                .body("parkedEvents", hasSize(1))
                .body("parkedEvents[0].redacted", equalTo(false));
        // without c360.sensitive the admin's export is redacted like every other answer (issue 19)
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(200)
                .body("sensitiveIncluded", equalTo(false))
                .body("records.find { it.kind == 'note' }.redacted", equalTo(true))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Likes jazz")))
                .body("parkedEvents[0].payload", org.hamcrest.Matchers.nullValue())
                .body("parkedEvents[0].redacted", equalTo(true));
    }

    @Test
    void eraseRemovesEveryRowAndAnnouncesIt() throws Exception {
        Subscription erased = nats.connection().subscribe(PREFIX + "customer.erased." + ACME + "." + customer);
        nats.connection().flush(Duration.ofSeconds(2));

        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .delete("/api/v1/customers/" + customer)
                .then()
                .statusCode(204);

        List<String> tables = customerTables();
        assertThat(tables)
                .contains(
                        "customers",
                        "customer_identities",
                        "customer_aliases",
                        "timeline_events",
                        "records",
                        "purchases",
                        "identity_links",
                        "merges",
                        "parked_events");
        for (String table : tables) {
            assertThat(rowsNaming(table, customer)).as(table).isZero();
            assertThat(rowsNaming(table, customer + "_old"))
                    .as(table + " (merged-in profile)")
                    .isZero();
        }
        // the twin keeps its own data, without the link to the erased customer
        assertThat(rowsNaming("customers", customer + "_twin")).isEqualTo(1);
        // the profile merged into it is erased everywhere else too
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pool.preparedQuery(
                                        "SELECT 1 FROM erasures WHERE tenant = $1 AND customer_id = $2 AND published_at IS NOT NULL")
                                .execute(Tuple.of(ACME, customer + "_old"))
                                .await()
                                .indefinitely()
                                .rowCount()
                        == 1);
        Message message = erased.nextMessage(Duration.ofSeconds(10));
        assertThat(message).isNotNull();
        JsonNode announcement = mapper.readTree(message.getData());
        assertThat(announcement.get("tenant").asText()).isEqualTo(ACME);
        assertThat(announcement.get("customerId").asText()).isEqualTo(customer);
        // the customer's subject tokens, for the other services' purges: its id and its email's hashed token, never an
        // email (the profile merged into it is announced by its own erasure)
        List<String> tokens = new java.util.ArrayList<>();
        announcement.get("subjectTokens").forEach(token -> tokens.add(token.asText()));
        assertThat(tokens).containsExactly(customer, CustomerTokens.ofEmail(customer + "@example.com"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pool.preparedQuery(
                                        "SELECT 1 FROM erasures WHERE tenant = $1 AND customer_id = $2 AND published_at IS NOT NULL")
                                .execute(Tuple.of(ACME, customer))
                                .await()
                                .indefinitely()
                                .rowCount()
                        == 1);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .delete("/api/v1/customers/" + customer)
                .then()
                .statusCode(404);
    }

    @Test
    void anEventInFlightWhenTheCustomerWasErasedDoesNotBringItBack() throws Exception {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .delete("/api/v1/customers/" + customer)
                .then()
                .statusCode(204);

        // received by ingest before the erasure (still in a batch, or redelivered): dropped
        Map<String, Object> stale =
                event(ACME, customer + "_late", customer, null, "contact", 1734600000L, Map.of("title", "late"));
        stale.put("receivedAt", Instant.now().minusSeconds(60).toString());
        publish(nats, PREFIX, stale, customer + "_late");
        // received after the erasure: new data, a new profile
        Map<String, Object> fresh =
                event(ACME, customer + "_new", customer, null, "contact", 1734700000L, Map.of("title", "new"));
        fresh.put("receivedAt", Instant.now().plusSeconds(1).toString());
        publish(nats, PREFIX, fresh, customer + "_new");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", org.hamcrest.Matchers.contains(customer + "_new")));
    }

    @Test
    void eraseLeavesOnlyTheErasureTombstoneInTheStreams() throws Exception {
        String email = customer + "@example.com";
        // an event naming the customer by its email only, and one naming the profile merged into it: both land on it
        publish(
                nats,
                PREFIX,
                event(ACME, customer + "_mail", null, email, "contact", 1734400000L, Map.of("title", "by mail")),
                customer + "_mail");
        publish(
                nats,
                PREFIX,
                event(
                        ACME,
                        customer + "_alias",
                        customer + "_old",
                        null,
                        "contact",
                        1734500000L,
                        Map.of("title", "by old id")),
                customer + "_alias");
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf("timeline_events") == 7);
        assertThat(messagesNaming())
                .as("before the erasure")
                .containsKeys(
                        "profile.events." + ACME + "." + customer + ".purchase",
                        "profile.events." + ACME + "." + CustomerTokens.ofEmail(email) + ".contact",
                        "profile.events." + ACME + "." + customer + "_old.contact",
                        "profile.changed." + ACME + "." + customer,
                        "profile.changed." + ACME + "." + customer + "_old");

        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .delete("/api/v1/customers/" + customer)
                .then()
                .statusCode(204);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(messagesNaming().keySet())
                        .containsExactlyInAnyOrder(
                                "customer.erased." + ACME + "." + customer,
                                "customer.erased." + ACME + "." + customer + "_old"));
        // the outbox keeps hashed tokens, never an email
        assertThat(pool.preparedQuery("SELECT array_to_string(stream_tokens, ' ') AS tokens, purged_at FROM erasures "
                                + "WHERE tenant = $1 AND customer_id = $2")
                        .execute(Tuple.of(ACME, customer))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getString("tokens"))
                .contains(customer, CustomerTokens.ofEmail(email))
                .doesNotContain("@");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pool.preparedQuery(
                                        "SELECT 1 FROM erasures WHERE tenant = $1 AND customer_id = ANY($2) AND purged_at IS NOT NULL")
                                .execute(Tuple.of(ACME, new String[] {customer, customer + "_old"}))
                                .await()
                                .indefinitely()
                                .rowCount()
                        == 2);
        // the twin sharing the email is another customer: its messages stay
        assertThat(messagesOf(Topology.PROFILE_CHANGES))
                .anyMatch(subject -> subject.equals("profile.changed." + ACME + "." + customer + "_twin"));
    }

    /**
     * Every message published since the test began, in PROFILE_EVENTS and PROFILE_CHANGES, whose subject's customer
     * token or body's customer id is the customer, the profile merged into it, or the hashed token of its email: its
     * contract subject and count.
     */
    private Map<String, Integer> messagesNaming() throws Exception {
        java.util.Set<String> names =
                java.util.Set.of(customer, customer + "_old", CustomerTokens.ofEmail(customer + "@example.com"));
        Map<String, Integer> found = new java.util.TreeMap<>();
        for (String stream : List.of(Topology.PROFILE_EVENTS, Topology.PROFILE_CHANGES)) {
            for (io.nats.client.api.MessageInfo message : messages(stream)) {
                String subject = nats.contractSubject(message.getSubject());
                JsonNode body = mapper.readTree(message.getData());
                boolean inSubject =
                        java.util.Arrays.stream(subject.split("\\.")).anyMatch(names::contains);
                boolean inBody =
                        body != null && names.contains(body.path("customerId").asText());
                if (inSubject || inBody) {
                    found.merge(subject, 1, Integer::sum);
                }
            }
        }
        return found;
    }

    private List<String> messagesOf(String stream) throws Exception {
        return messages(stream).stream()
                .map(message -> nats.contractSubject(message.getSubject()))
                .toList();
    }

    /** The messages a stream holds after the test's first sequence (purged ones are gone). */
    private List<io.nats.client.api.MessageInfo> messages(String stream) throws Exception {
        String name = nats.name(stream);
        long last = nats.management().getStreamInfo(name).getStreamState().getLastSequence();
        List<io.nats.client.api.MessageInfo> messages = new java.util.ArrayList<>();
        for (long sequence = before.get(stream) + 1; sequence <= last; sequence++) {
            try {
                messages.add(nats.management().getMessage(name, sequence));
            } catch (io.nats.client.JetStreamApiException e) {
                // purged (or deleted): no longer held
            }
        }
        return messages;
    }

    @Test
    void erasingAnIdThatIsNoCustomerTouchesNothing() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .delete("/api/v1/customers/" + customer + "_old")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(200)
                .body("merges", hasSize(1))
                .body("parkedEvents", hasSize(1));
    }

    @Test
    void anotherTenantCanNeitherExportNorErase() {
        given().auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .delete("/api/v1/customers/" + customer)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertThat(rowsOf("customers")).isEqualTo(1);
    }

    @Test
    void onlyAdminsExportOrErase() {
        for (String role : List.of(Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE)) {
            given().auth()
                    .oauth2(token(ACME, role))
                    .get("/api/v1/customers/" + customer + "/export")
                    .then()
                    .statusCode(403);
            given().auth()
                    .oauth2(token(ACME, role))
                    .delete("/api/v1/customers/" + customer)
                    .then()
                    .statusCode(403);
        }
        assertThat(rowsOf("customers")).isEqualTo(1);
    }

    private long rowsOf(String table) {
        return rowsNaming(table, customer);
    }

    /**
     * Every table of the store with a tenant and a column naming a customer; the erasure outbox keeps the bare id by
     * design (it announces the erasure) and is left out.
     */
    private List<String> customerTables() {
        List<String> tables = new java.util.ArrayList<>();
        pool.preparedQuery("""
                        SELECT DISTINCT c.table_name FROM information_schema.columns c
                        JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.column_name = ANY($1) AND c.data_type = 'text'
                          AND c.table_name <> 'erasures'
                          AND EXISTS (SELECT 1 FROM information_schema.columns x WHERE x.table_name = c.table_name
                                      AND x.table_schema = 'public' AND x.column_name = 'tenant')""")
                .execute(Tuple.of(CUSTOMER_COLUMNS.toArray(String[]::new)))
                .await()
                .indefinitely()
                .forEach(row -> tables.add(row.getString(0)));
        return tables;
    }

    private long rowsNaming(String table, String customerId) {
        List<String> columns = new java.util.ArrayList<>();
        pool.preparedQuery(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 "
                                + "AND column_name = ANY($2) AND data_type = 'text'")
                .execute(Tuple.of(table, CUSTOMER_COLUMNS.toArray(String[]::new)))
                .await()
                .indefinitely()
                .forEach(row -> columns.add(row.getString(0) + " = $2"));
        return pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE tenant = $1 AND ("
                        + String.join(" OR ", columns) + ")")
                .execute(Tuple.of(ACME, customerId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}
