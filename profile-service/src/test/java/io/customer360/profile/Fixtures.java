package io.customer360.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.service.EventApplier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds a customer's history as normalized events and applies them through the same applier the consumer uses
 * (the NATS path itself is covered by ProfileEventConsumerTest).
 */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String tenant;
    private final String customerId;
    private final List<NormalizedEvent> events = new ArrayList<>();

    private Fixtures(String tenant, String customerId) {
        this.tenant = tenant;
        this.customerId = customerId;
    }

    public static Fixtures customer(String tenant, String customerId) {
        return new Fixtures(tenant, customerId);
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An event {@code ago} before now. */
    public Fixtures event(String type, Duration ago, Map<String, ?> data) {
        return event(type, Instant.now().minus(ago), data);
    }

    public Fixtures event(String type, Instant at, Map<String, ?> data) {
        return eventFrom("test-service", type, at, data);
    }

    /** An event as the partner service {@code source} sent it. */
    public Fixtures eventFrom(String source, String type, Instant at, Map<String, ?> data) {
        events.add(new NormalizedEvent(
                unique("ev_"),
                tenant,
                customerId,
                null,
                type,
                at,
                source,
                MAPPER.valueToTree(data),
                MAPPER.createObjectNode(),
                null,
                true,
                Instant.now()));
        return this;
    }

    public static NormalizedEvent normalized(
            String tenant,
            String eventId,
            String customerId,
            String email,
            String type,
            Instant at,
            Map<String, ?> data) {
        return new NormalizedEvent(
                eventId,
                tenant,
                customerId,
                email,
                type,
                at,
                "test-service",
                (ObjectNode) MAPPER.valueToTree(data),
                MAPPER.createObjectNode(),
                null,
                true,
                Instant.now());
    }

    public List<NormalizedEvent> events() {
        return events;
    }

    public void applyWith(EventApplier applier) {
        applier.apply(events).await().atMost(Duration.ofSeconds(30));
    }
}
