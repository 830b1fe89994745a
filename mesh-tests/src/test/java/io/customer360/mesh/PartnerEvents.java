package io.customer360.mesh;

import java.nio.charset.StandardCharsets;

/** Seed-shaped partner events (nats-event-ingestion.md) for the fault and scale tests. */
final class PartnerEvents {

    private PartnerEvents() {}

    /** A purchase with its own event id; {@code sequence} sets the order number and the event time. */
    static byte[] purchase(String eventId, String customer, long sequence) {
        return """
                {"event_id":"%s","customer_id":"%s","event_type":"purchase","timestamp":%d,
                 "source_service":"e-commerce-service","data":{"purchase_id":"ord_%s","product_name":"Wireless Headphones Pro",
                 "quantity":1,"price":299.99,"total":299.99,"email":"%s@example.com"},"metadata":{}}""".formatted(eventId, customer, 1734134400L + sequence, eventId, customer)
                .getBytes(StandardCharsets.UTF_8);
    }
}
