package io.customer360.ingest;

import java.util.Map;

/** The seed's event examples (nats-event-ingestion.md) and the other types it lists, for one customer. */
public final class SeedEvents {

    private SeedEvents() {}

    public static String purchase(String customerId) {
        return """
                {"customer_id":"%s","event_type":"purchase","timestamp":1734134400,"source_service":"e-commerce-service",
                 "data":{"purchase_id":"ord_12345","product_name":"Wireless Headphones Pro","product_sku":"WHP-2000",
                         "quantity":1,"price":299.99,"total":299.99,"warranty_expires":1765670400,
                         "customer_name":"John Smith","email":"john.smith@example.com"},
                 "metadata":{"session_id":"sess_abc123","payment_method":"credit_card"}}""".formatted(customerId);
    }

    /** Every type the seed names, each a valid event of {@code customerId}, by event type. */
    public static Map<String, String> allTypes(String customerId) {
        return Map.of(
                "purchase", purchase(customerId),
                "support_ticket", """
                        {"customer_id":"%s","event_type":"support_ticket","timestamp":1734220800,"source_service":"support-system",
                         "data":{"ticket_id":"TKT-5678","title":"Product not working","description":"Bluetooth pairing is inconsistent...",
                                 "status":"open","priority":"high","category":"technical","important":true,"save_as_memory":true},
                         "metadata":{"channel":"email"}}""".formatted(customerId),
                "repair", """
                        {"customer_id":"%s","event_type":"repair","timestamp":1734307200,"source_service":"repair-service",
                         "data":{"work_order_id":"WO-9999","order_type":"repair","issue_description":"Bluetooth module needs replacement",
                                 "status":"open","priority":"medium","assigned_to":"technician_05","product_id":"WHP-2000"}}""".formatted(customerId),
                "work_order", """
                        {"customer_id":"%s","event_type":"work_order","timestamp":1734307300,"source_service":"repair-service",
                         "data":{"work_order_id":"WO-10000","order_type":"installation","status":"scheduled"}}""".formatted(customerId),
                "contact", """
                        {"customer_id":"%s","event_type":"contact","timestamp":1734393600,"source_service":"crm",
                         "data":{"title":"Customer inquiry","message":"When will my order arrive?"}}""".formatted(customerId),
                "profile_update", """
                        {"customer_id":"%s","event_type":"profile_update","timestamp":1734480000,"source_service":"account-service",
                         "data":{"name":"John Smith","phone":"+1 555 0100","company":"Acme Corp"}}""".formatted(customerId),
                "note", """
                        {"customer_id":"%s","event_type":"note","timestamp":1734566400,"source_service":"crm",
                         "data":{"content":"Prefers email contact","category":"preference","importance":"high"}}""".formatted(customerId),
                "observation", """
                        {"customer_id":"%s","event_type":"observation","timestamp":1734566500,"source_service":"field-service",
                         "data":{"content":"Office moved to the 3rd floor"}}""".formatted(customerId),
                "webinar_attended", """
                        {"customer_id":"%s","event_type":"webinar_attended","timestamp":1734652800,"source_service":"marketing",
                         "data":{"title":"Q4 product webinar","duration_minutes":45}}""".formatted(customerId));
    }
}
