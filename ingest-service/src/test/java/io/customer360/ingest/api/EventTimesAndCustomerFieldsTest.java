package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What intake makes of a fractional timestamp and of a profile update's tags and custom fields: forwarded with the
 * exact instant and the values as sent, or dead-lettered naming the field.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class EventTimesAndCustomerFieldsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static String event(String customer, String type, String timestamp, String data) {
        return "{\"customer_id\":\"" + customer + "\",\"event_type\":\"" + type + "\",\"timestamp\":" + timestamp
                + ",\"source_service\":\"crm\",\"data\":" + data + "}";
    }

    @Test
    void aFractionalTimestampIsForwardedAsItsExactInstant() throws Exception {
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.acme.*.contact"));
        nats.connection().flush(Duration.ofSeconds(2));
        Map<String, String> sent =
                Map.of("half_" + run, "1700000000.5", "micro_" + run, "1734134400.123456", "exp_" + run, "1.5e9");

        JsonPath results = post("["
                + String.join(
                        ",",
                        sent.entrySet().stream()
                                .map(e -> event(e.getKey(), "contact", e.getValue(), "{}"))
                                .toList())
                + "]");

        assertThat(results.getList("results.status")).containsOnly("accepted");
        Map<String, String> occurredAt = new java.util.HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            JsonNode normalized = next(downstream);
            occurredAt.put(
                    normalized.path("customerId").asText(),
                    normalized.path("occurredAt").asText());
        }
        assertThat(occurredAt)
                .containsOnly(
                        Map.entry("half_" + run, "2023-11-14T22:13:20.500Z"),
                        Map.entry("micro_" + run, "2024-12-14T00:00:00.123456Z"),
                        Map.entry("exp_" + run, "2017-07-14T02:40:00Z"));
    }

    @Test
    void aTimestampThatIsNoTimeIsDeadLetteredNamingIt() {
        List<String> timestamps = List.of("\"NaN\"", "\"1.5e9\"", "-0.5", "1e308", "1734134400000.5");
        JsonPath results = post("["
                + String.join(
                        ",",
                        timestamps.stream()
                                .map(t -> event("bad_" + run, "contact", t, "{}"))
                                .toList()) + "]");
        assertThat(results.getList("results.status")).containsOnly("rejected");
        assertThat(results.getList("results.reason")).containsOnly("invalid_type");
        assertThat(results.getList("results.detail", String.class))
                .containsExactly(
                        "timestamp: must be a number of Unix seconds",
                        "timestamp: must be a number of Unix seconds",
                        "timestamp: must not be negative",
                        "timestamp: is out of range: Unix seconds are below 100,000,000,000",
                        "timestamp: looks like milliseconds; timestamps are Unix seconds");
    }

    @Test
    void aProfileUpdatesTagsAndCustomFieldsAreForwardedAsSent() throws Exception {
        String customer = "tags_" + run;
        Subscription downstream =
                nats.connection().subscribe(nats.subject("profile.events.acme." + customer + ".profile_update"));
        nats.connection().flush(Duration.ofSeconds(2));
        String data =
                "{\"tags\":[\"vip\",\"beta tester\"],\"custom_fields\":{\"tier\":\"gold\",\"seats\":42,\"trial\":false,\"region\":null}}";

        assertThat(post(event(customer, "profile_update", "1734134400", data)).getString("results[0].status"))
                .isEqualTo("accepted");

        JsonNode normalized = next(downstream);
        assertThat(normalized.get("data")).isEqualTo(mapper.readTree(data));
    }

    @Test
    void badTagsOrCustomFieldsAreDeadLetteredNamingTheField() {
        String customer = "badtags_" + run;
        JsonPath results = post("[" + event(customer, "profile_update", "1734134400", "{\"tags\":\"vip\"}") + ","
                + event(customer, "profile_update", "1734134400", "{\"tags\":[\"ok\",\"\"]}") + ","
                + event(customer, "profile_update", "1734134400", "{\"custom_fields\":{\"bad key\":1}}") + ","
                + event(
                        customer,
                        "profile_update",
                        "1734134400",
                        "{\"custom_fields\":{\"address\":{\"city\":\"Oslo\"}}}")
                + "]");
        assertThat(results.getList("results.status")).containsOnly("rejected");
        assertThat(results.getList("results.reason")).containsOnly("invalid_type");
        assertThat(results.getList("results.detail", String.class))
                .extracting(detail -> detail.substring(0, detail.indexOf(':')))
                .containsExactly("data.tags", "data.tags[1]", "data.custom_fields", "data.custom_fields.address");
    }

    private static JsonPath post(String body) {
        return given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The next normalized event of this run. */
    private JsonNode next(Subscription subscription) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = subscription.nextMessage(Duration.ofMillis(500));
            if (message != null) {
                JsonNode event = mapper.readTree(message.getData());
                if (event.path("customerId").asText().endsWith("_" + run)) {
                    return event;
                }
            }
        }
        throw new AssertionError("No normalized event of run " + run + " within " + WAIT);
    }
}
