package io.customer360.aggregator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

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
        String eventId = customerId + "_" + eventType + "_" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = now.minus(ago);
        ObjectNode event = JSON.createObjectNode()
                .put("eventId", eventId).put("tenant", tenant).put("customerId", customerId).putNull("email")
                .put("eventType", eventType).put("occurredAt", at.toString()).put("sourceService", source)
                .put("autoCreate", true).put("receivedAt", at.toString());
        event.set("data", JSON.valueToTree(data));
        event.putObject("metadata");
        event.putNull("summary");
        try {
            jetStream.publish(ProfileServiceResource.SUBJECT_PREFIX + "profile.events." + tenant + "." + customerId + "." + eventType,
                    JSON.writeValueAsBytes(event));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot publish " + eventType, e);
        }
        return eventId;
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
