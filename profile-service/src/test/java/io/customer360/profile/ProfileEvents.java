package io.customer360.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.NatsClient;
import io.nats.client.PublishOptions;
import java.time.Instant;
import java.util.Map;

/** Test fixtures: normalized events as ingest-service publishes them, and a way to publish them. */
public final class ProfileEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final long SEED_PURCHASE_TIME = 1734134400L;

    private ProfileEvents() {}

    /** The seed's purchase event, normalized, for {@code customerId} of {@code tenant}. */
    public static Map<String, Object> seedPurchase(String tenant, String eventId, String customerId) {
        return event(
                tenant,
                eventId,
                customerId,
                "john.smith@example.com",
                "purchase",
                SEED_PURCHASE_TIME,
                Map.of(
                        "purchase_id",
                        "ord_" + eventId,
                        "product_name",
                        "Wireless Headphones Pro",
                        "product_sku",
                        "WHP-2000",
                        "quantity",
                        1,
                        "price",
                        299.99,
                        "total",
                        299.99,
                        "warranty_expires",
                        1765670400,
                        "customer_name",
                        "John Smith",
                        "email",
                        "john.smith@example.com"));
    }

    public static Map<String, Object> event(
            String tenant,
            String eventId,
            String customerId,
            String email,
            String type,
            long epochSeconds,
            Map<String, Object> data) {
        java.util.HashMap<String, Object> event = new java.util.HashMap<>();
        event.put("eventId", eventId);
        event.put("tenant", tenant);
        event.put("customerId", customerId);
        event.put("email", email);
        event.put("eventType", type);
        event.put("occurredAt", Instant.ofEpochSecond(epochSeconds).toString());
        event.put("sourceService", "test-service");
        event.put("data", data);
        event.put("metadata", Map.of());
        event.put("summary", null);
        event.put("autoCreate", true);
        event.put("receivedAt", Instant.now().toString());
        return event;
    }

    /**
     * Publishes through JetStream with a message id of our choosing, on the subject ingest-service would use:
     * {@code profile.events.{tenant}.{customer_token}.{event_type}}.
     */
    public static void publish(NatsClient nats, String subjectPrefix, Map<String, Object> event, String msgId) {
        publishOn(nats, subjectPrefix + subject(event), event, msgId);
    }

    /** The contract subject of an event: its tenant, its customer token (common {@code CustomerTokens}), its type. */
    public static String subject(Map<String, Object> event) {
        return "profile.events." + event.get("tenant") + "."
                + CustomerTokens.of((String) event.get("customerId"), (String) event.get("email")) + "."
                + event.get("eventType");
    }

    /** Publishes on a subject of our choosing (a forged one, say). */
    public static void publishOn(NatsClient nats, String wireSubject, Map<String, Object> event, String msgId) {
        try {
            ObjectNode node = MAPPER.valueToTree(event);
            nats.jetStream()
                    .publish(
                            wireSubject,
                            MAPPER.writeValueAsBytes(node),
                            PublishOptions.builder().messageId(msgId).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
