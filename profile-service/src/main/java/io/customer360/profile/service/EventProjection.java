package io.customer360.profile.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.profile.domain.ProfileEvent;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one event means for the store, derived from its type and data alone (no I/O, so it is tested as a table):
 * the identity fields it carries, its timeline entry and, for a purchase, the purchase row.
 */
public record EventProjection(Identity identity, TimelineEntry timeline, PurchaseRow purchase) {

    /** Identity fields the event states; null where it says nothing. */
    public record Identity(String name, String email, String phone, String company) {
    }

    public record TimelineEntry(String title, String description, BigDecimal amount, String status) {
    }

    public record PurchaseRow(String id, String productName, String productSku, Integer quantity, BigDecimal price,
            BigDecimal total, Instant warrantyExpires) {
    }

    /** Amounts are stored as numeric(14,2); a larger value is not a real amount and is left out, not rejected. */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    public static EventProjection of(ProfileEvent event) {
        ObjectNode data = event.data();
        Identity identity = new Identity(
                firstText(data, "customer_name", "name"),
                event.email() == null ? null : event.email().toLowerCase(java.util.Locale.ROOT),
                firstText(data, "phone", "customer_phone"),
                firstText(data, "company", "company_name"));
        return switch (event.eventType()) {
            case "purchase" -> purchase(event, identity);
            case "support_ticket" -> new EventProjection(identity, new TimelineEntry(
                    firstText(data, "title"), firstText(data, "description"), null, firstText(data, "status")), null);
            case "repair", "work_order" -> new EventProjection(identity, new TimelineEntry(
                    "Work order " + orDash(firstText(data, "work_order_id")) + ": " + orDash(firstText(data, "order_type", "issue_description")),
                    firstText(data, "issue_description", "description"), decimal(data, "cost"), firstText(data, "status")), null);
            default -> new EventProjection(identity, new TimelineEntry(
                    firstText(data, "title", "subject"), firstText(data, "description", "message", "content", "note"),
                    decimal(data, "amount", "total"), firstText(data, "status")), null);
        };
    }

    private static EventProjection purchase(ProfileEvent event, Identity identity) {
        ObjectNode data = event.data();
        String product = firstText(data, "product_name");
        String id = firstText(data, "purchase_id", "order_id");
        BigDecimal total = decimal(data, "total");
        PurchaseRow row = new PurchaseRow(id == null ? event.eventId() : id, product == null ? "unknown product" : product,
                firstText(data, "product_sku"), integer(data, "quantity"), decimal(data, "price"), total,
                epochSeconds(data, "warranty_expires"));
        TimelineEntry entry = new TimelineEntry("Purchased " + row.productName(), null, total, "completed");
        return new EventProjection(identity, entry, row);
    }

    private static String firstText(JsonNode data, String... fields) {
        for (String field : fields) {
            JsonNode value = data.get(field);
            if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static BigDecimal decimal(JsonNode data, String... fields) {
        for (String field : fields) {
            JsonNode value = data.get(field);
            if (value != null && value.isNumber() && value.decimalValue().abs().compareTo(MAX_AMOUNT) < 0) {
                return value.decimalValue();
            }
        }
        return null;
    }

    private static Integer integer(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value != null && value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : null;
    }

    private static Instant epochSeconds(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? Instant.ofEpochSecond(value.longValue()) : null;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
