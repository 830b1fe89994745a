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
import io.customer360.common.nats.NatsClient;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
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
    /** Every table that holds a customer's data, with the column naming the customer. */
    private static final Map<String, String> CUSTOMER_TABLES = Map.of(
            "customers", "id", "customer_identities", "customer_id", "timeline_events", "customer_id",
            "purchases", "customer_id", "parked_events", "customer_id");

    @Inject
    NatsClient nats;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    private final String customer = "gdpr_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void customerWithPurchaseContactAndAParkedEvent() {
        publish(nats, PREFIX, event(ACME, customer + "_p", customer, customer + "@example.com", "purchase", 1734134400L,
                Map.of("purchase_id", customer + "_order", "product_name", "Wireless Headphones Pro", "total", 299.99)),
                customer + "_p");
        publish(nats, PREFIX, event(ACME, customer + "_c", customer, null, "contact", 1734200000L, Map.of("title", "hi")),
                customer + "_c");
        publish(nats, PREFIX, event(ACME, customer + "_bad", customer, null, "note", 1734300000L, Map.of("content", "a\u0000b")),
                customer + "_bad");
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf("timeline_events") == 2 && rowsOf("parked_events") == 1);
    }

    @Test
    void exportHoldsEverything() {
        given().auth().oauth2(token(ACME, Roles.ADMIN)).get("/api/v1/customers/" + customer + "/export")
                .then().statusCode(200)
                .body("customer.id", equalTo(customer))
                .body("identities[0].value", equalTo(customer + "@example.com"))
                .body("timeline", hasSize(2))
                .body("purchases", hasSize(1))
                .body("parkedEvents", hasSize(1));
    }

    @Test
    void eraseRemovesEveryRowAndAnnouncesIt() throws Exception {
        Subscription erased = nats.connection().subscribe(PREFIX + "customer.erased." + ACME + "." + customer);
        nats.connection().flush(Duration.ofSeconds(2));

        given().auth().oauth2(token(ACME, Roles.ADMIN)).delete("/api/v1/customers/" + customer).then().statusCode(204);

        for (String table : CUSTOMER_TABLES.keySet()) {
            assertThat(rowsOf(table)).as(table).isZero();
        }
        Message message = erased.nextMessage(Duration.ofSeconds(10));
        assertThat(message).isNotNull();
        JsonNode announcement = mapper.readTree(message.getData());
        assertThat(announcement.get("tenant").asText()).isEqualTo(ACME);
        assertThat(announcement.get("customerId").asText()).isEqualTo(customer);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.preparedQuery(
                        "SELECT 1 FROM erasures WHERE tenant = $1 AND customer_id = $2 AND published_at IS NOT NULL")
                .execute(Tuple.of(ACME, customer)).await().indefinitely().rowCount() == 1);
        given().auth().oauth2(token(ACME, Roles.VIEWER)).get("/api/v1/customers/" + customer).then().statusCode(404);
        given().auth().oauth2(token(ACME, Roles.ADMIN)).delete("/api/v1/customers/" + customer).then().statusCode(404);
    }

    @Test
    void anotherTenantCanNeitherExportNorErase() {
        given().auth().oauth2(token(GLOBEX, Roles.ADMIN)).get("/api/v1/customers/" + customer + "/export")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token(GLOBEX, Roles.ADMIN)).delete("/api/v1/customers/" + customer)
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(rowsOf("customers")).isEqualTo(1);
    }

    @Test
    void onlyAdminsExportOrErase() {
        for (String role : List.of(Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE)) {
            given().auth().oauth2(token(ACME, role)).get("/api/v1/customers/" + customer + "/export").then().statusCode(403);
            given().auth().oauth2(token(ACME, role)).delete("/api/v1/customers/" + customer).then().statusCode(403);
        }
        assertThat(rowsOf("customers")).isEqualTo(1);
    }

    private long rowsOf(String table) {
        return pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE tenant = $1 AND " + CUSTOMER_TABLES.get(table) + " = $2")
                .execute(Tuple.of(ACME, customer)).await().indefinitely().iterator().next().getLong(0);
    }
}
