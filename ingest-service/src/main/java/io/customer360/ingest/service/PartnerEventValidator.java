package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.api.Problem.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a partner event against the seed's contract (nats-event-ingestion.md): {@code customer_id} or an email,
 * {@code event_type}, {@code timestamp} in Unix seconds, {@code source_service}, object {@code data}/{@code metadata}.
 * Returns every violation at once, each naming its field.
 */
public final class PartnerEventValidator {

    /** A customer id is one subject token: no '.', '*', '>' or white space (DESIGN.md). */
    static final Pattern CUSTOMER_ID = Pattern.compile("[^.*>\\s]{1,128}");
    static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{1,63}");
    static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    /** 9999-12-31T23:59:59Z: later "seconds" are a unit mistake (milliseconds), not a date. */
    static final long MAX_TIMESTAMP = 253_402_300_799L;

    private PartnerEventValidator() {
    }

    public static List<Violation> validate(JsonNode event) {
        List<Violation> violations = new ArrayList<>();
        if (!event.isObject()) {
            violations.add(new Violation("body", "must be a JSON object"));
            return violations;
        }
        JsonNode customerId = event.get("customer_id");
        if (isPresent(customerId)) {
            if (!customerId.isTextual() || !CUSTOMER_ID.matcher(customerId.asText()).matches()) {
                violations.add(new Violation("customer_id",
                        "must be a string of 1-128 characters without '.', '*', '>' or white space"));
            }
        } else if (email(event) == null) {
            violations.add(new Violation("customer_id", "customer_id or data.email / data.customer_email is required"));
        }
        JsonNode eventType = event.get("event_type");
        if (!isPresent(eventType)) {
            violations.add(new Violation("event_type", "is required"));
        } else if (!eventType.isTextual() || !EVENT_TYPE.matcher(eventType.asText()).matches()) {
            violations.add(new Violation("event_type", "must be snake_case: a-z, 0-9 and '_', at most 64 characters"));
        }
        JsonNode timestamp = event.get("timestamp");
        if (!isPresent(timestamp)) {
            violations.add(new Violation("timestamp", "is required"));
        } else if (!timestamp.isIntegralNumber() || timestamp.asLong() < 0 || !timestamp.canConvertToLong()
                || timestamp.asLong() > MAX_TIMESTAMP) {
            violations.add(new Violation("timestamp", "must be a whole number of Unix seconds"));
        }
        JsonNode source = event.get("source_service");
        if (!isPresent(source)) {
            violations.add(new Violation("source_service", "is required"));
        } else if (!source.isTextual() || source.asText().isBlank() || source.asText().length() > 128) {
            violations.add(new Violation("source_service", "must be a non-empty string of at most 128 characters"));
        }
        checkObject(event, "data", violations);
        checkObject(event, "metadata", violations);
        JsonNode data = event.get("data");
        if (data != null && data.isObject()) {
            for (String field : new String[] {"email", "customer_email"}) {
                JsonNode value = data.get(field);
                if (isPresent(value) && (!value.isTextual() || !EMAIL.matcher(value.asText()).matches())) {
                    violations.add(new Violation("data." + field, "must be an email address"));
                }
            }
        }
        JsonNode eventId = event.get("event_id");
        if (isPresent(eventId) && (!eventId.isTextual() || !EVENT_ID.matcher(eventId.asText()).matches())) {
            violations.add(new Violation("event_id", "must be 1-128 printable ASCII characters without spaces"));
        }
        return violations;
    }

    /** The customer's email from {@code data.email}, else {@code data.customer_email}, or null. */
    public static String email(JsonNode event) {
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            return null;
        }
        for (String field : new String[] {"email", "customer_email"}) {
            JsonNode value = data.get(field);
            if (isPresent(value) && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static void checkObject(JsonNode event, String field, List<Violation> violations) {
        JsonNode value = event.get(field);
        if (isPresent(value) && !value.isObject()) {
            violations.add(new Violation(field, "must be a JSON object"));
        }
    }

    private static boolean isPresent(JsonNode node) {
        return node != null && !node.isNull();
    }
}
