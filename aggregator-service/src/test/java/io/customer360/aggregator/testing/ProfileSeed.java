package io.customer360.aggregator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.TestTokens;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Publishes normalized events (as ingest-service would: on {@code profile.events.{tenant}.{customer_token}.{event_type}},
 * the token of a customer with an id being its id) for the real profile-service that {@link ProfileServiceResource}
 * runs, so views are built from real section answers.
 */
public final class ProfileSeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection nats;
    private final JetStream jetStream;
    private final String tenant;
    private final String customerId;
    private final Instant now = Instant.now();

    public ProfileSeed(String tenant, String customerId) {
        this.tenant = tenant;
        this.customerId = customerId;
        try {
            this.nats = Nats.connect("nats://127.0.0.1:4222");
            this.jetStream = nats.jetStream();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot connect to NATS", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes one event {@code ago} before now; answers its event id. */
    public String event(String eventType, Duration ago, Map<String, Object> data) {
        return eventFrom("test-seed", eventType, ago, data);
    }

    /** The same, as the partner service {@code source} sent it ({@code source_service}). */
    public String eventFrom(String source, String eventType, Duration ago, Map<String, Object> data) {
        String eventId = customerId + "_" + eventType + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        Instant at = now.minus(ago);
        ObjectNode event = JSON.createObjectNode()
                .put("eventId", eventId)
                .put("tenant", tenant)
                .put("customerId", customerId)
                .putNull("email")
                .put("eventType", eventType)
                .put("occurredAt", at.toString())
                .put("sourceService", source)
                .put("autoCreate", true)
                .put("receivedAt", at.toString());
        event.set("data", JSON.valueToTree(data));
        event.putObject("metadata");
        event.putNull("summary");
        try {
            jetStream.publish(
                    ProfileServiceResource.SUBJECT_PREFIX + "profile.events." + tenant + "." + customerId + "."
                            + eventType,
                    JSON.writeValueAsBytes(event));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot publish " + eventType, e);
        }
        return eventId;
    }

    /**
     * Usage at its best: {@code users} people each with a session an hour ago and five features used, so usage is
     * present for the seed's minimum data and scores 100 for {@code users} seats (activation 1, breadth 5 ÷ 5; no daily
     * report, no earlier sessions).
     */
    public void activeUsage(int users) {
        for (int i = 0; i < users; i++) {
            event("session", Duration.ofHours(1), Map.of("user_id", "u" + i, "duration_seconds", 600));
        }
        for (String feature : java.util.List.of("reports", "api", "dashboards", "exports", "alerts")) {
            event("feature_used", Duration.ofHours(1), Map.of("feature", feature, "user_id", "u0", "count", 1));
        }
    }

    /** Whether profile-service shows what {@link #activeUsage} seeded: {@code users} active users and five features. */
    public boolean usageArrived(int users) {
        Response usage = RestAssured.given()
                .baseUri(ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class))
                .auth()
                .oauth2(TestTokens.token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/" + customerId + "/usage");
        return usage.statusCode() == 200
                && usage.jsonPath().getInt("activeUsersLast30Days") == users
                && usage.jsonPath().getList("features").size() == 5;
    }

    public Instant now() {
        return now;
    }

    /** A date {@code days} from now (negative: in the past), as partners send dates. */
    public String date(int days) {
        return now.plus(Duration.ofDays(days)).toString().substring(0, 10);
    }

    @Override
    public void close() throws InterruptedException {
        nats.close();
    }
}
