package io.customer360.enrichment.testing;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Seeds an acme customer with an email and a company in the profile-service under test and waits until it is there,
 * publishing as ingest-service does: on {@code profile.events.{tenant}.{customer_token}.{event_type}} (the token of a
 * customer with an id is its id).
 */
public final class Customers {

    private Customers() {}

    public static String seeded() {
        String customerId = "enr_" + UUID.randomUUID().toString().substring(0, 8);
        String event = """
                {"eventId":"%1$s_p","tenant":"acme","customerId":"%1$s","email":"john.smith@acme-audio.example",
                 "eventType":"purchase","occurredAt":"2024-12-14T00:00:00Z","sourceService":"e-commerce-service",
                 "data":{"product_name":"Wireless Headphones Pro","total":299.99,"customer_name":"John Smith",
                         "company":"Acme Audio"},
                 "metadata":{},"summary":null,"autoCreate":true,"receivedAt":"2024-12-14T00:00:01Z"}""".formatted(customerId);
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.jetStream()
                    .publish(
                            ProfileServiceResource.SUBJECT_PREFIX + "profile.events.acme." + customerId + ".purchase",
                            event.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to NATS", e);
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/enrichment/customers/" + customerId)
                        .then()
                        .statusCode(200));
        return customerId;
    }
}
