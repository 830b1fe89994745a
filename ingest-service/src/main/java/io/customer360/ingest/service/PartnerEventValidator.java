package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.api.CustomerIds;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a partner event against the seed's contract (nats-event-ingestion.md): {@code customer_id} or an email,
 * {@code event_type}, {@code timestamp} in Unix seconds ({@link EventTimestamps}), {@code source_service}, object
 * {@code data}/{@code metadata}, a {@code profile_update}'s customer tags and custom fields ({@link CustomerTagsAndFields})
 * and a ticket event's first-response time ({@link TicketTimes}).
 * Returns every error at once, each naming its field and reason; never throws for any JSON value.
 */
public final class PartnerEventValidator {

    static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{1,63}");
    static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final Duration maxFutureSkew;
    private final Clock clock;

    public PartnerEventValidator(Duration maxFutureSkew, Clock clock) {
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    public List<FieldError> validate(JsonNode event) {
        return validate(event, true);
    }

    /**
     * As {@link #validate(JsonNode)}; {@code mayContainNul} false skips the walk looking for U+0000, for callers that
     * know from the raw bytes that there is none (see {@link #mayContainNul(byte[])}).
     */
    public List<FieldError> validate(JsonNode event, boolean mayContainNul) {
        List<FieldError> errors = new ArrayList<>();
        if (!event.isObject()) {
            errors.add(new FieldError("body", "must be a JSON object", RejectReason.INVALID_TYPE));
            return errors;
        }
        checkCustomer(event, errors);
        checkEventType(event, errors);
        checkTimestamp(event, errors);
        checkSourceService(event, errors);
        checkObject(event, "data", errors);
        checkObject(event, "metadata", errors);
        checkEmails(event, errors);
        CustomerTagsAndFields.check(event, errors);
        TicketTimes.check(event, clock.instant().plus(maxFutureSkew), errors);
        JsonNode eventId = event.get("event_id");
        if (isPresent(eventId)
                && (!eventId.isTextual() || !EVENT_ID.matcher(eventId.asText()).matches())) {
            errors.add(new FieldError(
                    "event_id", "must be 1-128 printable ASCII characters without spaces", RejectReason.INVALID_TYPE));
        }
        if (mayContainNul) {
            checkNoNulCharacters(event, "", errors);
        }
        return errors;
    }

    private static void checkCustomer(JsonNode event, List<FieldError> errors) {
        JsonNode customerId = event.get("customer_id");
        if (isPresent(customerId)) {
            if (!customerId.isTextual() || !CustomerIds.isValid(customerId.asText())) {
                errors.add(new FieldError(
                        "customer_id",
                        "must be a string of 1-128 characters without '.', '*', '>' or white space",
                        RejectReason.INVALID_TYPE));
            }
        } else if (email(event) == null) {
            errors.add(new FieldError(
                    "customer_id",
                    "customer_id or data.email / data.customer_email is required",
                    RejectReason.MISSING_FIELD));
        }
    }

    private static void checkEventType(JsonNode event, List<FieldError> errors) {
        JsonNode eventType = event.get("event_type");
        if (!isPresent(eventType)) {
            errors.add(new FieldError("event_type", "is required", RejectReason.MISSING_FIELD));
        } else if (!eventType.isTextual()
                || !EVENT_TYPE.matcher(eventType.asText()).matches()) {
            errors.add(new FieldError(
                    "event_type",
                    "must be snake_case: a-z, 0-9 and '_', at most 64 characters",
                    RejectReason.INVALID_TYPE));
        }
    }

    private void checkTimestamp(JsonNode event, List<FieldError> errors) {
        JsonNode timestamp = event.get("timestamp");
        if (!isPresent(timestamp)) {
            errors.add(new FieldError("timestamp", "is required", RejectReason.MISSING_FIELD));
            return;
        }
        String problem = EventTimestamps.problem(timestamp);
        if (problem != null) {
            errors.add(new FieldError("timestamp", problem, RejectReason.INVALID_TYPE));
        } else if (EventTimestamps.instant(timestamp).isAfter(clock.instant().plus(maxFutureSkew))) {
            errors.add(new FieldError(
                    "timestamp",
                    "is more than " + maxFutureSkew.toSeconds() + " s in the future",
                    RejectReason.FUTURE_TIMESTAMP));
        }
    }

    private static void checkSourceService(JsonNode event, List<FieldError> errors) {
        JsonNode source = event.get("source_service");
        if (!isPresent(source)) {
            errors.add(new FieldError("source_service", "is required", RejectReason.MISSING_FIELD));
        } else if (!source.isTextual()
                || source.asText().isBlank()
                || source.asText().length() > 128) {
            errors.add(new FieldError(
                    "source_service",
                    "must be a non-empty string of at most 128 characters",
                    RejectReason.INVALID_TYPE));
        }
    }

    private static void checkObject(JsonNode event, String field, List<FieldError> errors) {
        JsonNode value = event.get(field);
        if (isPresent(value) && !value.isObject()) {
            errors.add(new FieldError(field, "must be a JSON object", RejectReason.INVALID_TYPE));
        }
    }

    private static void checkEmails(JsonNode event, List<FieldError> errors) {
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            return;
        }
        for (String field : new String[] {"email", "customer_email"}) {
            JsonNode value = data.get(field);
            if (isPresent(value)
                    && (!value.isTextual() || !EMAIL.matcher(value.asText()).matches())) {
                errors.add(new FieldError("data." + field, "must be an email address", RejectReason.INVALID_TYPE));
            }
        }
    }

    /**
     * Whether JSON bytes can hold U+0000 in a string: JSON forbids the raw control character, so only the escape
     * {@code \u0000} can produce it. Scanning the bytes is much cheaper than walking the parsed tree.
     */
    public static boolean mayContainNul(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\'
                    && (json[i + 1] == 'u' || json[i + 1] == 'U')
                    && json[i + 2] == '0'
                    && json[i + 3] == '0'
                    && json[i + 4] == '0'
                    && json[i + 5] == '0') {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL text cannot hold U+0000: such an event could never be stored downstream. */
    private static void checkNoNulCharacters(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual() && node.asText().indexOf('\u0000') >= 0) {
            errors.add(new FieldError(path, "must not contain the NUL character", RejectReason.INVALID_TYPE));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\u0000') >= 0) {
                    errors.add(new FieldError(
                            path.isEmpty() ? "body" : path,
                            "keys must not contain the NUL character",
                            RejectReason.INVALID_TYPE));
                } else {
                    checkNoNulCharacters(field.getValue(), childPath, errors);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkNoNulCharacters(node.get(i), path + "[" + i + "]", errors);
            }
        }
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

    private static boolean isPresent(JsonNode node) {
        return node != null && !node.isNull();
    }
}
